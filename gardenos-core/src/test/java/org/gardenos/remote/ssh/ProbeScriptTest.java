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
     * A probe in the script answers what its single call ({@code sh -c}, as the SSH host runs a command) answers,
     * byte for byte: exit code, stdout and the shell's own error messages on stderr (which reach error messages), also
     * for a command that is not found, a file that cannot be opened, an {@code exit}, a {@code cd}, the script's
     * variable names, a {@code #} that is a comment and a probe of two lines (both run as their own {@code sh -c}).
     */
    @Test
    void everyProbeAnswersWhatItsSingleCallAnswers() throws Exception {
        List<String> commands = List.of("no-such-command-gardenos --x", "cat < " + dir.resolve("missing"),
                "echo \"[$d][$x][$?][$0][$#]\"; exit 7", "cd / && pwd; echo err >&2; false",
                "s=abc; echo \"${s#a} $#\"; ls " + dir.resolve("missing") + " ; exit 3", "echo kept # a comment",
                "unset d; echo \"$d\"", "[ 1 -ge x ]");
        List<Probe> probes = commands.stream().map(Probe::command).toList();
        List<List<Probe>> scripts = List.of(probes, List.of(probes.get(0), Probe.command("echo one\necho two"),
                probes.get(1)));
        for (List<Probe> script : scripts) {
            List<ProbeScript.Part> parts = ProbeScript.parse(runLocally(ProbeScript.script(script)), script.size())
                    .orElseThrow(() -> new AssertionError("the script of " + script + " did not parse"));
            for (int i = 0; i < script.size(); i++) {
                Process single = new ProcessBuilder("sh", "-c", ProbeScript.commandOf(script.get(i))).start();
                single.getOutputStream().close();
                byte[] out = single.getInputStream().readAllBytes();
                byte[] err = single.getErrorStream().readAllBytes();
                String what = ProbeScript.commandOf(script.get(i));
                assertThat(parts.get(i).exitCode()).as(what).isEqualTo(single.waitFor());
                assertThat(new String(parts.get(i).stdout(), StandardCharsets.UTF_8)).as(what)
                        .isEqualTo(new String(out, StandardCharsets.UTF_8));
                assertThat(new String(parts.get(i).stderr(), StandardCharsets.UTF_8)).as(what)
                        .isEqualTo(new String(err, StandardCharsets.UTF_8));
            }
        }
    }

    /** Not valid shell: the whole script fails, its output is refused, and SshRemoteHost asks each probe alone. */
    @Test
    void aProbeThatIsNoValidShellFailsTheWholeScript() throws Exception {
        List<Probe> probes = List.of(Probe.command("echo fine"), Probe.command("echo \"$f\" )"));
        Process process = new ProcessBuilder("sh", "-c", ProbeScript.script(probes))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor()).isNotZero();
        assertThat(ProbeScript.parse(out, probes.size())).isEmpty();
    }

    @Test
    void onlyAHashThatMayStartACommentKeepsAProbeOffTheLine() {
        assertThat(ProbeScript.mayComment("echo \"${s#* }\" $# ${#s}")).isFalse();
        assertThat(ProbeScript.mayComment("echo x #c")).isTrue();
        assertThat(ProbeScript.mayComment("#c")).isTrue();
        assertThat(ProbeScript.mayComment("echo x;#c")).isTrue();
        assertThat(ProbeScript.mayComment("echo '#'")).as("errs towards a comment").isTrue();
        String script = ProbeScript.script(List.of(Probe.command("echo a # c"), Probe.command("echo b")));
        assertThat(script).contains("sh -c 'echo a # c'", "( unset d x; echo b )").hasLineCount(1);
        assertThat(ProbeScript.script(List.of(Probe.command("echo a\necho b"), Probe.command("echo c"))))
                .contains("sh -c 'echo c'").doesNotContain("unset");
    }

    /**
     * The hosts pay a process for every command: whatever the number of probes, the script runs one mktemp, one wc,
     * one cat and one rm besides the probes' own commands (it ran a sh, two wc and a cat per probe before `scale`,
     * and a sh per probe before `hostcpu`: each probe is a subshell now). Counted with wrappers first on PATH that log
     * their name and run the real command.
     */
    @Test
    void runsNoShellPerProbeAndFourOtherCommandsWhateverTheNumberOfProbes() throws Exception {
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
            assertThat(commands).hasSize(ProbeScript.FIXED_COMMANDS);
            assertThat(commands.stream().filter("sh"::equals)).isEmpty();
            assertThat(commands).containsOnlyOnce("mktemp", "wc", "cat", "rm");
        }
    }

    @Test
    void aScriptWithoutProbesIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProbeScript.script(List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
