package org.gardenos.resources;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container snippet, run by this machine's {@code /bin/sh} with the file systemd writes in a container moved to
 * a temporary path and a {@code systemd-detect-virt} first on PATH that logs each call and answers as told.
 */
class ContainerProbeTest {
    @TempDir
    Path dir;

    private String run(Path systemdFile, boolean detectVirtSaysContainer) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path wrapper = bin.resolve("systemd-detect-virt");
        Files.writeString(wrapper, "#!/bin/sh\necho called >> '" + dir.resolve("calls") + "'\nexit "
                + (detectVirtSaysContainer ? 0 : 1) + "\n");
        assertThat(wrapper.toFile().setExecutable(true)).isTrue();
        // this machine may itself be a container: its Docker and Podman marks are looked for where they are not
        String snippet = ContainerProbe.SNIPPET.replace(ContainerProbe.SYSTEMD_CONTAINER_FILE, systemdFile.toString())
                .replace("/run/.containerenv", dir.resolve("containerenv").toString())
                .replace("/.dockerenv", dir.resolve("dockerenv").toString());
        assertThat(snippet).contains(systemdFile.toString(), dir.resolve("dockerenv").toString(),
                dir.resolve("containerenv").toString());
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", snippet);
        builder.environment().put("PATH", bin + ":/usr/bin:/bin");
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).isZero();
        return out;
    }

    private long detectVirtCalls() throws Exception {
        Path calls = dir.resolve("calls");
        return Files.exists(calls) ? Files.readAllLines(calls).size() : 0;
    }

    @Test
    void aContainerWhoseSystemdSaidSoRunsNoProcessToKnowIt() throws Exception {
        Path file = Files.writeString(dir.resolve("container"), "systemd-nspawn\n");

        assertThat(run(file, false)).isEqualTo("container=yes\n");
        assertThat(detectVirtCalls()).isZero();
    }

    @Test
    void withoutTheFileSystemdDetectVirtDecidesOnce() throws Exception {
        Path missing = dir.resolve("missing");
        Path empty = Files.writeString(dir.resolve("empty"), "");

        assertThat(run(missing, false)).isEqualTo("container=no\n");
        assertThat(detectVirtCalls()).isEqualTo(1);
        assertThat(run(empty, true)).isEqualTo("container=yes\n");
        assertThat(detectVirtCalls()).isEqualTo(2);
    }
}
