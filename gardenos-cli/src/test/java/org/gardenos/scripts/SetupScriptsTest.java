package org.gardenos.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The set-up scripts (issue 9 item 17): CI fails on a missing tool wherever it runs, and package installs wait for
 * another apt run's lock. {@code ensure_debian_packages} runs for real in bash, with stand-in {@code apt-get},
 * {@code dpkg-query} and {@code id} commands first on PATH that record what they were asked (nothing is installed).
 */
class SetupScriptsTest {
    private static final Path ROOT = repoRoot();

    @Test
    void ciRunExportsCiTrueBeforeRunningTheTests() throws Exception {
        List<String> lines = Files.readAllLines(ROOT.resolve(".ci/run")).stream().map(String::strip).toList();

        assertThat(lines).contains("export CI=true", "./scripts/test.sh");
        assertThat(lines.indexOf("export CI=true")).isLessThan(lines.indexOf("./scripts/test.sh"));
    }

    @Test
    void packageInstallsWaitForTheAptLock(@TempDir Path dir) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path calls = dir.resolve("apt-calls");
        standIn(bin, "apt-get", "echo \"$*\" >> '" + calls + "'");
        standIn(bin, "dpkg-query", "exit 1");
        standIn(bin, "id", "echo 0");
        Path policy = dir.resolve("policy-rc.d");

        ProcessBuilder pb = new ProcessBuilder("bash", "-c",
                ". '" + ROOT.resolve("scripts/lib/packages.sh") + "' && ensure_debian_packages etcd-server haproxy")
                .redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("GARDENOS_POLICY_RC_D", policy.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).as(out).isZero();
        assertThat(Files.readAllLines(calls)).containsExactly(
                "-o DPkg::Lock::Timeout=120 update -q",
                "-o DPkg::Lock::Timeout=120 install -y -q --no-install-recommends etcd-server haproxy");
        assertThat(policy).as("the temporary policy-rc.d is removed again").doesNotExist();
    }

    private static void standIn(Path bin, String name, String body) throws Exception {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }

    private static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("scripts/lib/packages.sh"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("repository root above " + Path.of("").toAbsolutePath()).isNotNull();
        return dir;
    }
}
