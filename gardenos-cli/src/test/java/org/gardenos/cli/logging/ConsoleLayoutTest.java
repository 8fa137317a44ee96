package org.gardenos.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

class ConsoleLayoutTest {
    private final LoggerContext context = new LoggerContext();

    private String layout(Level level, String message, Throwable thrown, boolean colour, boolean traces) {
        ConsoleLayout layout = new ConsoleLayout();
        layout.setContext(context);
        layout.setColour(colour);
        layout.setStackTraces(traces);
        layout.start();
        LoggingEvent event = new LoggingEvent("x", context.getLogger("org.gardenos.test"), level, message, thrown, null);
        return layout.doLayout(event);
    }

    @Test
    void infoIsTheBareMessage() {
        assertThat(layout(Level.INFO, "node1: etcd is healthy", null, false, false)).isEqualTo("node1: etcd is healthy\n");
    }

    @Test
    void warnAndErrorCarryTheirLevel() {
        assertThat(layout(Level.WARN, "disk 91% full", null, false, false)).isEqualTo("WARN disk 91% full\n");
        assertThat(layout(Level.ERROR, "node2 unreachable", null, false, false)).isEqualTo("ERROR node2 unreachable\n");
    }

    @Test
    void noEscapeCodesWithoutColour() {
        assertThat(layout(Level.ERROR, "x", null, false, false)).doesNotContain("\u001b");
    }

    @Test
    void colourWrapsOnlyTheLevel() {
        assertThat(layout(Level.ERROR, "x", null, true, false)).isEqualTo("\u001b[31mERROR\u001b[0m x\n");
        assertThat(layout(Level.INFO, "plain", null, true, false)).isEqualTo("plain\n");
    }

    @Test
    void exceptionIsSummarisedUnlessVerbose() {
        IllegalStateException e = new IllegalStateException("broken pipe");

        String quiet = layout(Level.WARN, "retrying", e, false, false);
        String verbose = layout(Level.WARN, "retrying", e, false, true);

        assertThat(quiet).isEqualTo("WARN retrying: java.lang.IllegalStateException: broken pipe\n");
        assertThat(verbose).startsWith("WARN retrying\njava.lang.IllegalStateException: broken pipe")
                .contains("at org.gardenos.cli.logging.ConsoleLayoutTest");
    }
}
