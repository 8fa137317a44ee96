package org.gardenos.remote;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gardenos.remote.ssh.RemoteCommandLines;
import org.gardenos.testsupport.Prerequisites;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

public class ShellQuotingTest {
    public static List<String> nastyValues() {
        return List.of("", "plain", "two words", "it's", "'", "''", "\"double\"", "$HOME", "${HOME}", "$(id -u)",
                "`id -u`", "a;b", "a && b || c", "*", "?", "[a-z]", "~", "new\nline", "tab\tend", "back\\slash",
                "-n", "--", "!event", "#comment", "ümlaut ✓", "end with '", "' start", "a'b'c'd");
    }

    @Test
    void wrapsInSingleQuotesAndEscapesSingleQuotes() {
        assertThat(ShellQuoting.quote("abc")).isEqualTo("'abc'");
        assertThat(ShellQuoting.quote("")).isEqualTo("''");
        assertThat(ShellQuoting.quote("it's")).isEqualTo("'it'\\''s'");
        assertThat(ShellQuoting.join("printf", "%s", "a b")).isEqualTo("'printf' '%s' 'a b'");
    }

    @Test
    void refusesNul() {
        assertThatThrownBy(() -> ShellQuoting.quote("a\0b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NUL");
    }

    /** The real test: POSIX sh (dash here) must hand the quoted word back unchanged. */
    @ParameterizedTest
    @MethodSource("nastyValues")
    void shReadsTheQuotedWordBackLiterally(String value) throws Exception {
        assertThat(sh("printf %s " + ShellQuoting.quote(value))).isEqualTo(value);
    }

    /** Two layers, as for remote commands: the command line is itself quoted into {@code sh -c '...'}. */
    @ParameterizedTest
    @MethodSource("nastyValues")
    void survivesTheShDashCWrapping(String value) throws Exception {
        String command = "printf %s " + ShellQuoting.quote(value);
        assertThat(sh(RemoteCommandLines.asRoot(command, true, java.time.Duration.ofMinutes(1)))).isEqualTo(value);
    }

    public static String sh(String commandLine) throws Exception {
        return sh(commandLine, null);
    }

    public static String sh(String commandLine, Path extraPath) throws Exception {
        Prerequisites.requireExecutable(Path.of("/bin/sh"));
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", commandLine);
        if (extraPath != null) {
            pb.environment().put("PATH", extraPath + ":" + System.getenv("PATH"));
        }
        Process p = pb.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        assertThat(p.waitFor()).as("exit code of: %s", commandLine).isZero();
        return out;
    }

    public static Path fakeSudo(Path dir) throws Exception {
        // stand-in for sudo: insists on -n (never prompt), then runs the rest as given, like sudo does for root
        Path sudo = dir.resolve("sudo");
        Files.writeString(sudo, "#!/bin/sh\n[ \"$1\" = -n ] || { echo 'fake sudo: -n missing' >&2; exit 99; }\n"
                + "shift\nexec \"$@\"\n");
        sudo.toFile().setExecutable(true);
        return dir;
    }
}
