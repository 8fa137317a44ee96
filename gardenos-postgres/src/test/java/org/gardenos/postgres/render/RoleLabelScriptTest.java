package org.gardenos.postgres.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.gardenos.testkit.Prerequisites;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The patroni flavor's callback is Python run by the image's python3: it must at least compile. */
class RoleLabelScriptTest {
    @TempDir
    Path dir;

    @Test
    void theCallbackCompilesWithPython3AndRefusesAWrongArgumentCount() throws Exception {
        Prerequisites.requireCommands("python3");
        Path script = dir.resolve(PatroniConfig.ROLE_LABEL_SCRIPT);
        Files.writeString(script, ClusterObjects.roleLabelScript());
        assertThat(run("python3", "-m", "py_compile", script.toString())).isEqualTo("0:");
        // Patroni always passes action, role and scope after the three configured arguments
        assertThat(run("python3", script.toString(), "label", "primary")).startsWith("1:usage: role-label.py");
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() + ":" + output.strip();
    }
}
