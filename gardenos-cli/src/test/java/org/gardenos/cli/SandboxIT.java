package org.gardenos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.gardenos.nspawn.DebianHosts;
import org.gardenos.testkit.Prerequisites;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gardenos sandbox up|status|down} with the built jar, on real systemd-nspawn Debian hosts. Needs root and the
 * testkit's tools: skipped without them, failed when CI=true.
 */
class SandboxIT {
    @TempDir
    Path tmp;
    Path state;

    @BeforeEach
    void machine() {
        Prerequisites.require(DebianHosts.missingPrerequisites().isEmpty(),
                "the sandbox needs " + String.join(", ", DebianHosts.missingPrerequisites()));
        state = tmp.resolve("sandbox");
    }

    @AfterEach
    void down() throws Exception {
        if (state != null) {
            JarProcess.run("sandbox", "down", "--state-dir", state.toString());
        }
    }

    private JarProcess.Result gardenos(String... args) throws Exception {
        return JarProcess.run(JarProcess.repoRoot(), Map.of("NO_COLOR", "1"), args);
    }

    @Test
    void upConvergesThreeHostsStatusSeesThemDownRemovesThem() throws Exception {
        JarProcess.Result up = gardenos("sandbox", "up", "--state-dir", state.toString());

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

        JarProcess.Result down = gardenos("sandbox", "down", "--state-dir", state.toString());
        assertThat(down.exitCode()).as(down.toString()).isZero();
        assertThat(down.err()).contains("removed");
        assertThat(Files.exists(state.resolve("sandbox.pid"))).isFalse();

        JarProcess.Result after = gardenos("sandbox", "status", "--state-dir", state.toString());
        assertThat(after.exitCode()).isEqualTo(1);
        assertThat(after.out()).startsWith("The sandbox is not up");
    }
}
