package org.gardenos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gardenos.nspawn.DebianHosts;
import org.gardenos.nspawn.kubernetes.KubernetesBinaries;
import org.gardenos.nspawn.kubernetes.LocalKubernetes;
import org.gardenos.testkit.Prerequisites;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gardenos sandbox up|status|down} with the built jar, on real systemd-nspawn Debian hosts and the sandbox's
 * real Kubernetes (built from Debian's source; a node in its own nspawn host), checked with the machine's kubectl.
 * Needs root, the testkit's tools, the Kubernetes binaries, kubectl and iptables-save: skipped without them, failed
 * when CI=true. {@code sandbox down} must leave nothing behind: {@link MachineTraces} lists processes, mounts,
 * bridges, network namespaces, cgroups, iptables chains and routes before, during and after.
 */
class SandboxIT {
    @TempDir
    Path tmp;
    Path state;

    @BeforeEach
    void machine() {
        List<String> missing = new ArrayList<>(DebianHosts.missingPrerequisites());
        missing.addAll(LocalKubernetes.missingPrerequisites(KubernetesBinaries.locate(), true));
        missing.addAll(Prerequisites.missing("kubectl", "iptables-save"));
        Prerequisites.require(missing.isEmpty(), "the sandbox needs " + String.join(", ", missing));
        state = tmp.resolve("sandbox");
    }

    @AfterEach
    void down() throws Exception {
        if (state != null) {
            JarProcess.run(Duration.ofMinutes(5), JarProcess.repoRoot(), Map.of(), "sandbox", "down", "--state-dir",
                    state.toString());
        }
    }

    private JarProcess.Result gardenos(String... args) throws Exception {
        return JarProcess.run(JarProcess.repoRoot(), Map.of("NO_COLOR", "1"), args);
    }

    @Test
    void upConvergesThreeHostsAndAKubernetesStatusSeesThemDownRemovesThem() throws Exception {
        MachineTraces before = MachineTraces.snapshot();
        // the keeper may wait for another local Kubernetes (a test run holding the machine's lock) first
        JarProcess.Result up = JarProcess.run(Duration.ofMinutes(20), JarProcess.repoRoot(), Map.of("NO_COLOR", "1"),
                "sandbox", "up", "--state-dir", state.toString());

        assertThat(up.exitCode()).as(up.toString()).isZero();
        assertThat(up.out()).contains("RECAP").containsPattern("node1 +ok=\\d+ +changed=\\d+ +failed=0");
        assertThat(up.out()).containsPattern("node3 +\\S+ +etcd,server +(running|degraded)");
        assertThat(up.out()).contains("[node1] lb service:haproxy.service").contains("[node2] etcd etcd:member:node2");
        // systemd in an nspawn container is now and then "degraded" (a unit that needs the real host failed)
        assertThat(up.out()).containsPattern("base: (HEALTHY|DEGRADED) - ").contains("etcd: HEALTHY - ");
        assertThat(state.resolve("gardenos.yaml")).isRegularFile();

        // the hosts outlive the command that started them, and a second apply changes nothing
        JarProcess.Result plan = gardenos("-f", state.resolve("gardenos.yaml").toString(), "--state-dir",
                state.toString(), "plan", "base", "etcd", "lb");
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        assertThat(plan.out()).isEqualTo("No changes: every host is converged.\n");

        JarProcess.Result status = gardenos("sandbox", "status", "-o", "json", "--state-dir", state.toString());
        assertThat(status.exitCode()).as(status.toString()).isZero();
        JsonNode doc = new ObjectMapper().readTree(status.out());
        assertThat(doc.get("up").asBoolean()).isTrue();
        assertThat(doc.get("hosts")).hasSize(3);
        assertThat(doc.get("layers").toString()).contains("\"layer\":\"etcd\",\"health\":\"HEALTHY\"");

        kubernetesIsThere(up);
        MachineTraces during = MachineTraces.snapshotOf(ProcessHandle.of(Long.parseLong(
                Files.readString(state.resolve("sandbox.pid")).strip())).orElseThrow());
        assertThat(during.items()).anyMatch(i -> i.startsWith("process ") && i.contains("kube-apiserver"))
                .anyMatch(i -> i.startsWith("process ") && i.contains("kubelet"))
                .anyMatch(i -> i.startsWith("cgroup ") && i.contains("gardenos-kubernetes"))
                .anyMatch(i -> i.startsWith("netns "));

        JarProcess.Result down = JarProcess.run(Duration.ofMinutes(5), JarProcess.repoRoot(), Map.of("NO_COLOR", "1"),
                "sandbox", "down", "--state-dir", state.toString());
        assertThat(down.exitCode()).as(down.toString()).isZero();
        assertThat(down.err()).contains("removed");
        assertThat(Files.exists(state.resolve("sandbox.pid"))).isFalse();
        assertThat(state.resolve("kubeconfig")).doesNotExist();
        assertThat(MachineTraces.leftovers(before, during, MachineTraces.snapshot())).as("left behind").isEmpty();

        JarProcess.Result after = gardenos("sandbox", "status", "--state-dir", state.toString());
        assertThat(after.exitCode()).isEqualTo(1);
        assertThat(after.out()).startsWith("The sandbox is not up");
    }

    /** kubectl sees a Ready node, status k3s reports it, sandbox status says what runs in place of K3s. */
    private void kubernetesIsThere(JarProcess.Result up) throws Exception {
        Path kubeconfig = state.resolve("kubeconfig");
        assertThat(up.err()).contains("kubeconfig: " + kubeconfig);
        assertThat(Files.getPosixFilePermissions(kubeconfig)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(kubeconfig)).contains("current-context: sandbox");
        Process kubectl = new ProcessBuilder("kubectl", "--kubeconfig", kubeconfig.toString(), "get", "nodes",
                "--no-headers").redirectErrorStream(true).start();
        String nodes = new String(kubectl.getInputStream().readAllBytes());
        assertThat(kubectl.waitFor()).as(nodes).isZero();
        assertThat(nodes).containsPattern("k8s-node1 +Ready ");

        JarProcess.Result k3s = gardenos("-f", state.resolve("gardenos.yaml").toString(), "--state-dir",
                state.toString(), "status", "k3s");
        assertThat(k3s.out()).as(k3s.toString()).contains("k8s-node1").contains("1/1 nodes Ready");
        JarProcess.Result status = gardenos("sandbox", "status", "--state-dir", state.toString());
        assertThat(status.out()).as(status.toString())
                .contains("k3s: layer not applied in the sandbox (K3s cannot run here); a Kubernetes 1.20");
    }
}
