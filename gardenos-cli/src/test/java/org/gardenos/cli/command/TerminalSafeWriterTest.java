package org.gardenos.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.gardenos.cli.ErrorReport;
import org.gardenos.cli.logging.ConsoleLayout;
import org.gardenos.cli.output.StatusView;
import org.gardenos.remote.CommandResult;
import org.gardenos.remote.RemoteCommandException;
import org.gardenos.status.Health;
import org.gardenos.status.StatusItem;
import org.gardenos.status.StatusReport;
import org.junit.jupiter.api.Test;

/**
 * Host output with terminal control sequences (set the title, clear the screen, carriage return over an earlier
 * line, bidi override) reaches the terminal only escaped, through errors, tables and log lines. The hostile text
 * is given as a host's stderr would arrive (a CommandResult), not read from a live host.
 */
class TerminalSafeWriterTest {
    private static final String HOSTILE = "\u001b]0;pwned\u0007\r\u001b[2Jall good\u202e";
    private static final String ESCAPED = "\\x1b]0;pwned\\x07\\r\\x1b[2Jall good\\u202e";

    @Test
    void anErrorCarryingHostStderrIsPrintedEscaped() {
        StringWriter terminal = new StringWriter();
        PrintWriter err = TerminalSafeWriter.wrap(new PrintWriter(terminal));
        var failure = new RemoteCommandException(new CommandResult("node1", "systemctl restart etcd", 1, "", HOSTILE));

        ErrorReport.of(failure, false).printTo(err);

        assertThat(terminal.toString())
                .isEqualTo("error: node1: command `systemctl restart etcd` exited 1: " + ESCAPED + "\n")
                .doesNotContain("\u001b", "\r", "\u0007", "\u202e");
    }

    @Test
    void statusTablesKeepTheirLayoutAndLoseTheControlCharacters() {
        StringWriter terminal = new StringWriter();
        PrintWriter out = TerminalSafeWriter.wrap(new PrintWriter(terminal));
        var report = new StatusReport("etcd", Health.DEGRADED, "member says " + HOSTILE,
                java.util.List.of(new StatusItem("node1", Health.DOWN, java.util.Map.of("version", HOSTILE))));

        out.print(StatusView.table(java.util.List.of(report)));
        out.flush();

        assertThat(terminal.toString()).contains("etcd: DEGRADED - member says " + ESCAPED + "\n", "\n  node1")
                .doesNotContain("\u001b", "\r", "\u0007", "\u202e");
    }

    @Test
    void logLinesEscapeTheMessageButKeepGardenOsColours() {
        ConsoleLayout layout = new ConsoleLayout();
        layout.setColour(true);
        LoggingEvent event = new LoggingEvent("x", new LoggerContext().getLogger("x"), Level.WARN,
                "node1: stderr: {}", null, new Object[] {HOSTILE});

        String line = layout.doLayout(event);

        assertThat(line).isEqualTo("\u001b[33mWARN\u001b[0m node1: stderr: " + ESCAPED + "\n");
    }

    @Test
    void picocliGetsTheRawWriterForItsOwnHelpStyles() {
        PrintWriter raw = new PrintWriter(new StringWriter());
        assertThat(TerminalSafeWriter.unwrapped(TerminalSafeWriter.wrap(raw))).isSameAs(raw);
        assertThat(TerminalSafeWriter.unwrapped(raw)).isSameAs(raw);
    }
}
