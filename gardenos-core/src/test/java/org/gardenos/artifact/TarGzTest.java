package org.gardenos.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads archives made by GNU tar (the format of etcd's and K3s's releases). */
class TarGzTest {
    @TempDir
    Path dir;

    @Test
    void extractsSelectedRegularFilesIncludingBehindGnuLongNames() throws Exception {
        requireTar();
        String longDir = "etcd-v3.4.23-linux-amd64/" + "d".repeat(120);
        Files.createDirectories(dir.resolve("src").resolve(longDir));
        Files.writeString(dir.resolve("src/etcd-v3.4.23-linux-amd64/etcd"), "ETCD".repeat(300));
        Files.writeString(dir.resolve("src").resolve(longDir).resolve("etcdctl"), "CTL");
        Files.writeString(dir.resolve("src/etcd-v3.4.23-linux-amd64/README.md"), "readme");
        Process p = new ProcessBuilder("tar", "-C", dir.resolve("src").toString(), "--format=gnu", "-czf",
                dir.resolve("r.tar.gz").toString(), "etcd-v3.4.23-linux-amd64").redirectErrorStream(true).start();
        assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();

        Map<String, byte[]> files = TarGz.extract(dir.resolve("r.tar.gz"), Set.of("etcd", "etcdctl"));

        assertThat(files).containsOnlyKeys("etcd", "etcdctl");
        assertThat(new String(files.get("etcd"), StandardCharsets.UTF_8)).isEqualTo("ETCD".repeat(300));
        assertThat(new String(files.get("etcdctl"), StandardCharsets.UTF_8)).isEqualTo("CTL");
    }

    @Test
    void aFileThatIsNotGzipIsOneClearLine() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.tar.gz"), "<html>not found</html>");
        assertThatThrownBy(() -> TarGz.extract(bad, Set.of("etcd")))
                .isInstanceOf(ArtifactException.class).hasMessageStartingWith("cannot read " + bad + " as a .tar.gz");
    }

    /** Inline prerequisite check (gardenos-core cannot use the testkit): skip, or fail under CI=true. */
    private static void requireTar() {
        boolean present = Files.isExecutable(Path.of("/usr/bin/tar")) || Files.isExecutable(Path.of("/bin/tar"));
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("tar missing under CI=true");
        }
        Assumptions.assumeTrue(present, "tar is missing");
    }
}
