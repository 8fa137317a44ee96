package org.gardenos.resources;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.gardenos.remote.CommandResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file probe run by this machine's {@code /bin/sh} with only {@code stat}, {@code sha256sum} and (where a test
 * wants it) {@code openssl} on PATH, the last two as wrappers that log each call: a large file is hashed by
 * {@code openssl} (coreutils' {@code sha256sum} does not use the CPU's SHA extensions: 63 ms against 18 ms of a
 * host's CPU for the etcd binary), a small one by {@code sha256sum}, each with one hasher process and the same
 * answer as Java's SHA-256; without a working {@code openssl} the probe answers as before.
 */
class FileProbeHasherTest {
    @TempDir
    Path dir;

    private Path bin() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("stat"), Path.of("/usr/bin/stat"));
        wrapper(bin, "sha256sum", "exec /usr/bin/sha256sum \"$@\"");
        return bin;
    }

    private void wrapper(Path bin, String name, String body) throws Exception {
        Path w = bin.resolve(name);
        Files.writeString(w, "#!/bin/sh\necho " + name + " >> '" + dir.resolve("calls") + "'\n" + body + "\n");
        assertThat(w.toFile().setExecutable(true)).isTrue();
    }

    private CommandResult probe(Path bin, Path file) throws Exception {
        String command = FileProbe.command(file.toString());
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command);
        builder.environment().put("PATH", bin.toString());
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new CommandResult("node-1", command, process.waitFor(), out, err);
    }

    private List<String> calls() throws Exception {
        Path calls = dir.resolve("calls");
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    private Path file(String name, byte[] content) throws Exception {
        Path f = Files.write(dir.resolve(name), content);
        Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        return f;
    }

    private static void assertState(Optional<FileProbe.FileState> state, byte[] content) {
        assertThat(state).hasValueSatisfying(s -> {
            assertThat(s.sha256()).isEqualTo(FileProbe.sha256Hex(content));
            assertThat(s.mode()).isEqualTo(0640);
            assertThat(s.user()).isEqualTo(System.getProperty("user.name"));
        });
    }

    @Test
    void aLargeFileIsHashedByOpensslOnce() throws Exception {
        Path bin = bin();
        wrapper(bin, "openssl", "exec /usr/bin/openssl \"$@\"");
        byte[] content = new byte[(int) FileProbe.OPENSSL_FROM_BYTES + 17];
        new java.util.Random(13).nextBytes(content);
        Path big = file("etcd", content);

        CommandResult result = probe(bin, big);

        assertThat(result.exitCode()).isZero();
        assertThat(result.stderr()).isEmpty();
        assertState(FileProbe.parse(big.toString(), result), content);
        assertThat(calls()).containsExactly("openssl");
    }

    @Test
    void aSmallFileIsHashedBySha256sumOnce() throws Exception {
        Path bin = bin();
        wrapper(bin, "openssl", "exec /usr/bin/openssl \"$@\"");
        byte[] content = "name: node1\n".getBytes(StandardCharsets.UTF_8);
        Path small = file("etcd.conf.yml", content);

        CommandResult result = probe(bin, small);

        assertThat(result.exitCode()).isZero();
        var attributes = Files.readAttributes(small, java.nio.file.attribute.PosixFileAttributes.class);
        assertThat(result.stdout()).as("what sha256sum and stat printed before").isEqualTo(FileProbe.sha256Hex(content)
                + "  -\nstat=640:" + attributes.owner().getName() + ":" + attributes.group().getName() + "\n");
        assertState(FileProbe.parse(small.toString(), result), content);
        assertThat(calls()).containsExactly("sha256sum");
    }

    @Test
    void withoutOpensslOrWhenItFailsSha256sumHashesTheLargeFile() throws Exception {
        byte[] content = new byte[(int) FileProbe.OPENSSL_FROM_BYTES];
        Path big = file("etcdctl", content);

        Path bin = bin();
        CommandResult noOpenssl = probe(bin, big);
        assertThat(noOpenssl.exitCode()).isZero();
        assertThat(noOpenssl.stderr()).isEmpty();
        assertState(FileProbe.parse(big.toString(), noOpenssl), content);
        assertThat(calls()).containsExactly("sha256sum");

        wrapper(bin, "openssl", "echo 'openssl: FIPS self test failed' >&2; exit 1");
        CommandResult failing = probe(bin, big);
        assertThat(failing.stderr()).as("openssl's errors are not the probe's").isEmpty();
        assertThat(failing.stdout()).isEqualTo(noOpenssl.stdout());
        assertThat(calls()).containsExactly("sha256sum", "openssl", "sha256sum");
    }

    @Test
    void aMissingFileIsAbsentWithoutAnyHasher() throws Exception {
        CommandResult result = probe(bin(), dir.resolve("no-such-file"));

        assertThat(result.stdout()).isEqualTo("absent\n");
        assertThat(FileProbe.parse("no-such-file", result)).isEmpty();
        assertThat(calls()).isEmpty();
    }
}
