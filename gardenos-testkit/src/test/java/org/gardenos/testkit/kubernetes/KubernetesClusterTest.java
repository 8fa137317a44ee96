package org.gardenos.testkit.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gardenos.nspawn.kubernetes.ClusterRecord;
import org.gardenos.nspawn.kubernetes.KubeletSysctls;
import org.gardenos.nspawn.kubernetes.KubernetesBinaries;
import org.gardenos.nspawn.kubernetes.MachineCommands;
import org.gardenos.testkit.Prerequisites;
import org.gardenos.testkit.images.TestImages;
import org.junit.jupiter.api.Test;

/**
 * The fixture itself, on real software: a cluster of one node starts (API ready, node Ready, a pod of the locally
 * built busybox image runs to completion), and closing it leaves nothing behind on this machine. The k3s module's
 * tests use the shared three-node cluster of {@link WithKubernetes}.
 */
class KubernetesClusterTest {

    @Test
    void aOneNodeClusterRunsAPodAndClosingItLeavesNothingBehind() throws Exception {
        List<String> missing = KubernetesCluster.missingPrerequisites(KubernetesBinaries.locate(), true);
        Prerequisites.require(missing.isEmpty(), "test Kubernetes cluster needs: " + String.join("; ", missing));
        // the machine's own values; unknowable while a killed run's kubelet values are still waiting to be restored
        Map<String, String> sysctlsBefore = new HashMap<>();
        if (!Files.exists(ClusterRecord.ROOT.resolve("record"))) {
            KubeletSysctls.WANTED.keySet().forEach(k -> sysctlsBefore.put(k, MachineCommands.readSysctl(k)));
        }
        Path workDir;
        String nodeAddress;

        try (KubernetesCluster cluster = KubernetesCluster.builder().nodes(1).volumesPerNode(1).build().start()) {
            workDir = cluster.kubeconfig().getParent();
            nodeAddress = cluster.node("node1").address();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cluster.kubeconfig())))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(workDir.resolve("ca.key"))))
                    .isEqualTo("rw-------");
            assertThat(cluster.server().getHost()).isEqualTo("10.213.77.1");

            cluster.api().apply("/api/v1/namespaces/default/pods/hello", """
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: hello, namespace: default}
                    spec:
                      restartPolicy: Never
                      containers:
                      - name: hello
                        image: %s
                        imagePullPolicy: Never
                        command: ["/bin/busybox", "echo", "hello"]
                    """.formatted(TestImages.BUSYBOX));
            String phase = "";
            long deadline = System.nanoTime() + 90_000_000_000L;
            while (!phase.equals("Succeeded") && !phase.equals("Failed") && System.nanoTime() < deadline) {
                Thread.sleep(500);
                JsonNode pod = cluster.api().get("/api/v1/namespaces/default/pods/hello");
                phase = pod.path("status").path("phase").asText();
            }
            assertThat(phase).as("pod phase" + cluster.diagnostics()).isEqualTo("Succeeded");
            assertThat(cluster.api().get("/api/v1/persistentvolumes/node1-vol1").path("spec").path("storageClassName")
                    .asText()).isEqualTo("local-static");
        }

        // The machine-wide checks below hold the clusters' lock, so another process's test cluster (a parallel
        // build on the same machine) cannot start between our close and the checks and be mistaken for a leftover.
        try (FileChannel channel = FileChannel.open(ClusterRecord.ROOT.resolve("cluster.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock quiet = channel.lock()) {
            assertThat(processesNaming(workDir)).as("control-plane and etcd processes").isEmpty();
            assertThat(Files.exists(workDir)).isFalse();
            assertThat(MachineCommands.run("ip", "route").output()).doesNotContain("10.214.").doesNotContain(nodeAddress);
            try (Stream<Path> controllers = Files.list(Path.of("/sys/fs/cgroup"))) {
                assertThat(controllers.map(c -> c.resolve(ClusterRecord.CGROUP_PARENT)).filter(Files::exists).toList())
                        .as("kubelet cgroups").isEmpty();
            }
            sysctlsBefore.forEach((k, v) -> assertThat(MachineCommands.readSysctl(k)).as(k).isEqualTo(v));
            assertThat(Files.exists(ClusterRecord.ROOT.resolve("record"))).isFalse();
            assertThat(MachineCommands.run("ip", "-o", "link").output()).doesNotContain("cni0");
        }
    }

    private static List<Long> processesNaming(Path dir) {
        return ProcessHandle.allProcesses().filter(p -> p.info().arguments()
                .map(a -> Stream.of(a).anyMatch(s -> s.contains(dir.toString()))).orElse(false))
                .map(ProcessHandle::pid).toList();
    }
}
