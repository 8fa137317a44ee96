package org.gardenos.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file is hashed once per version (size + mtime), within a process and across processes (issue 13). */
class FileHashesTest {
    @TempDir
    Path dir;

    @Test
    void aFileIsReadOnceWhileItsSizeAndMtimeHoldAlsoInTheNextProcess() throws Exception {
        Path f = Files.writeString(dir.resolve("etcd.tar.gz"), "release bytes");
        String expected = ReleaseArtifact.sha256("release bytes".getBytes(StandardCharsets.UTF_8));
        FileHashes first = new FileHashes(dir.resolve("hashes"));
        for (int host = 0; host < 30; host++) {
            assertThat(first.sha256(f)).isEqualTo(expected);
        }
        assertThat(first.computed()).as("30 asks, one read").isEqualTo(1);

        FileHashes nextProcess = new FileHashes(dir.resolve("hashes"));
        assertThat(nextProcess.sha256(f)).isEqualTo(expected);
        assertThat(nextProcess.computed()).as("kept on disk").isZero();
    }

    @Test
    void aChangedSizeOrMtimeIsHashedAgain() throws Exception {
        Path f = Files.writeString(dir.resolve("bin"), "v1");
        Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        FileHashes hashes = new FileHashes(dir.resolve("hashes"));
        hashes.sha256(f);

        Files.writeString(f, "v2"); // same size
        Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2026-01-02T00:00:00Z")));
        assertThat(hashes.sha256(f)).isEqualTo(ReleaseArtifact.sha256("v2".getBytes(StandardCharsets.UTF_8)));
        Files.writeString(f, "version 3");
        Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2026-01-02T00:00:00Z"))); // same mtime
        assertThat(new FileHashes(dir.resolve("hashes")).sha256(f))
                .isEqualTo(ReleaseArtifact.sha256("version 3".getBytes(StandardCharsets.UTF_8)));
        assertThat(hashes.computed()).isEqualTo(2);
    }

    /** The documented limit: like make, a rewrite with the same size and mtime is trusted, not re-read. */
    @Test
    void sameSizeAndMtimeIsTrustedAsTheSameFile() throws Exception {
        Path f = Files.writeString(dir.resolve("bin"), "aaaa");
        FileTime t = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
        Files.setLastModifiedTime(f, t);
        FileHashes hashes = new FileHashes(dir.resolve("hashes"));
        String before = hashes.sha256(f);
        Files.writeString(f, "bbbb");
        Files.setLastModifiedTime(f, t);
        assertThat(hashes.sha256(f)).isEqualTo(before);
    }

    @Test
    void aGarbledKeptEntryIsIgnored() throws Exception {
        Path f = Files.writeString(dir.resolve("bin"), "x");
        new FileHashes(dir.resolve("hashes")).sha256(f);
        try (var entries = Files.list(dir.resolve("hashes"))) {
            for (Path e : entries.toList()) {
                Files.writeString(e, "12 nonsense");
            }
        }
        FileHashes again = new FileHashes(dir.resolve("hashes"));
        assertThat(again.sha256(f)).isEqualTo(ReleaseArtifact.sha256("x".getBytes(StandardCharsets.UTF_8)));
        assertThat(again.computed()).isEqualTo(1);
    }
}
