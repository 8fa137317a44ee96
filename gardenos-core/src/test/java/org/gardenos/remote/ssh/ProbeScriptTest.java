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
            ' ', '1', ' ', '0', ' ', '0', ' ', '0', '\n', 0, (byte) 0xc3};
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
        assertThat(ProbeScript.parse("GARDENOS-PROBE 0 0 5 0\nabc".getBytes(StandardCharsets.US_ASCII), 1)).isEmpty();
        assertThat(ProbeScript.parse("GARDENOS-PROBE 1 0 0 0\n".getBytes(StandardCharsets.US_ASCII), 1)).isEmpty();
        assertThat(ProbeScript.parse("GARDENOS-PROBE 0 0 0 0\nextra".getBytes(StandardCharsets.US_ASCII), 1)).isEmpty();
        assertThat(ProbeScript.parse("GARDENOS-PROBE 0 1 2 1\nokE".getBytes(StandardCharsets.US_ASCII), 1))
                .hasValueSatisfying(parts -> assertThat(parts.get(0).exitCode()).isEqualTo(1));
    }
}
