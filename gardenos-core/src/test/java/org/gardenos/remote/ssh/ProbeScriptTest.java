package org.gardenos.remote.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.gardenos.remote.Probe;
import org.gardenos.remote.ProbeAnswer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batched probe script, run by this machine's real {@code /bin/sh} (what the SSH host runs it with). */
class ProbeScriptTest {
    @TempDir
    Path dir;

    private static byte[] runLocally(String script) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sh", "-c", script).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        process.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = process.getInputStream()) {
            in.transferTo(out);
        }
        assertThat(process.waitFor()).isZero();
        return out.toByteArray();
    }

    @Test
    void eachProbeGetsItsOwnExitCodeStdoutAndStderrByteForByte() throws Exception {
        byte[] binary = {(byte) 0xff, (byte) 0xfe, 'G', 'A', 'R', 'D', 'E', 'N', 'O', 'S', '-', 'P', 'R', 'O', 'B', 'E',
            'S', ' ', '0', '\n', ' ', '0', ' ', '0', 'o', '\n', 0, (byte) 0xc3};
        Path file = Files.write(dir.resolve("odd file's name"), binary);
        List<Probe> probes = List.of(
                Probe.command("echo out; echo err >&2; exit 3"),
                Probe.read(file.toString()),
                Probe.read(dir.resolve("missing").toString()),
                Probe.command("cat; echo \"d=$d\"; printf 'no newline'"));

        Optional<List<ProbeScript.Part>> parsed = ProbeScript.parse(runLocally(ProbeScript.script(probes)), probes.size());

        assertThat(parsed).isPresent();
        List<ProbeScript.Part> parts = parsed.get();
        assertThat(parts.get(0).exitCode()).isEqualTo(3);
        assertThat(new String(parts.get(0).stdout(), StandardCharsets.UTF_8)).isEqualTo("out\n");
        assertThat(new String(parts.get(0).stderr(), StandardCharsets.UTF_8)).isEqualTo("err\n");
        assertThat(parts.get(1).exitCode()).isZero();
        assertThat(parts.get(1).stdout()).isEqualTo(binary);
        assertThat(parts.get(2).exitCode()).isEqualTo(ProbeAnswer.READ_MISSING_EXIT);
        // stdin is empty (cat ends at once) and the script's own variables do not leak into a probe
        assertThat(parts.get(3).exitCode()).isZero();
        assertThat(new String(parts.get(3).stdout(), StandardCharsets.UTF_8)).isEqualTo("d=\nno newline");
    }

    @Test
    void outputThatIsNotTheScriptsIsRefusedRatherThanGuessed() {
        assertThat(parse("GARDENOS-PROBES 0\n5 0o\n0 0e\n5 total\nabc", 1)).isEmpty(); // shorter than announced
        assertThat(parse("GARDENOS-PROBES 0\n0 0o\n0 0e\n0 total\nextra", 1)).isEmpty();
        assertThat(parse("GARDENOS-PROBES 0 0\n0 0o\n0 0e\n0 total\n", 1)).isEmpty(); // two exit codes for one
        assertThat(parse("GARDENOS-PROBES 0\n0 1o\n0 1e\n0 total\n", 1)).isEmpty(); // another probe's files
        assertThat(parse("GARDENOS-PROBES 0\n2 0o\n1 0e\n4 total\nokE", 1)).isEmpty(); // the total disagrees
        assertThat(parse("GARDENOS-PROBES 0\n2 0o\n1 0e\nokE", 1)).isEmpty(); // no total line
        // numbers no host output can make overflow: refused, not thrown
        assertThat(parse("GARDENOS-PROBES 99999999999\n2 0o\n1 0e\n3 total\nokE", 1)).isEmpty();
        assertThat(parse("GARDENOS-PROBES 0\n99999999999999999999 0o\n1 0e\n3 total\nokE", 1)).isEmpty();
        assertThat(parse("GARDENOS-PROBES 0 0\n9000000000000000000 0o\n9000000000000000000 0e\n"
                + "9000000000000000000 1o\n0 1e\n9000000000000000000 total\n", 2)).isEmpty();
        // GNU wc pads the sizes to one width; the total's word is translated in some locales
        assertThat(parse("GARDENOS-PROBES 1\n 2 0o\n 1 0e\n 3 insgesamt\nokE", 1)).hasValueSatisfying(parts -> {
            assertThat(parts.get(0).exitCode()).isEqualTo(1);
            assertThat(new String(parts.get(0).stdout(), StandardCharsets.US_ASCII)).isEqualTo("ok");
            assertThat(new String(parts.get(0).stderr(), StandardCharsets.US_ASCII)).isEqualTo("E");
        });
    }

    private static Optional<List<ProbeScript.Part>> parse(String output, int count) {
        return ProbeScript.parse(output.getBytes(StandardCharsets.US_ASCII), count);
    }

    /**
     * The hosts pay a process for every command: the script runs one {@code sh} per probe and, whatever the number
     * of probes, one mktemp, one wc, one cat and one rm (it ran a sh, two wc and a cat per probe before). Counted
     * with wrappers first on PATH that log their name and run the real command.
     */
    @Test
    void runsOneShellPerProbeAndFourOtherCommandsWhateverTheNumberOfProbes() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path log = dir.resolve("commands.log");
        for (String command : List.of("sh", "mktemp", "wc", "cat", "rm", "printf")) {
            String real = List.of("/bin/", "/usr/bin/").stream().map(d -> d + command)
                    .filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElseThrow();
            Path wrapper = bin.resolve(command);
            Files.writeString(wrapper, "#!/bin/sh\necho " + command + " >> '" + log + "'\nexec " + real + " \"$@\"\n");
            assertThat(wrapper.toFile().setExecutable(true)).isTrue();
        }
        for (int count : List.of(3, 7)) {
            List<Probe> probes = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                probes.add(Probe.command(i % 2 == 0 ? "echo " + i : "exit " + i));
            }
            Files.deleteIfExists(log);
            ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", ProbeScript.script(probes))
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("PATH", bin + ":/usr/bin:/bin");
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            assertThat(process.waitFor()).isZero();
            assertThat(ProbeScript.parse(out, count)).hasValueSatisfying(parts -> {
                assertThat(parts.get(1).exitCode()).isEqualTo(1);
                assertThat(new String(parts.get(count - 1).stdout(), StandardCharsets.US_ASCII)).isEqualTo((count - 1) + "\n");
            });

            List<String> commands = Files.readAllLines(log);
            assertThat(commands).hasSize(count + ProbeScript.FIXED_COMMANDS);
            assertThat(commands.stream().filter("sh"::equals)).hasSize(count);
            assertThat(commands).containsOnlyOnce("mktemp", "wc", "cat", "rm");
        }
    }

    @Test
    void aScriptWithoutProbesIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProbeScript.script(List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
