package org.gardenos.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ConsoleLoggingTest {

    @Test
    void colourOnlyAtATerminalWithoutNoColor() {
        assertThat(ConsoleLogging.colourWanted(Map.of(), true)).isTrue();
        assertThat(ConsoleLogging.colourWanted(Map.of(), false)).isFalse();
        assertThat(ConsoleLogging.colourWanted(Map.of("NO_COLOR", "1"), true)).isFalse();
        // no-color.org: an empty NO_COLOR does not count
        assertThat(ConsoleLogging.colourWanted(Map.of("NO_COLOR", ""), true)).isTrue();
        assertThat(ConsoleLogging.colourWanted(Map.of("TERM", "dumb"), true)).isFalse();
    }

    @Test
    void gardenosAtInfoOrDebugWithVerboseLibrariesAtWarnOnStderr() {
        LoggerContext context = new LoggerContext();

        ConsoleLogging.install(context, false, false);
        assertThat(context.getLogger("org.gardenos.etcd").getEffectiveLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("org.gardenos.engine.ConvergeRun").getEffectiveLevel()).isEqualTo(Level.OFF);
        assertThat(context.getLogger("net.schmizz.sshj").getEffectiveLevel()).isEqualTo(Level.WARN);
        ConsoleAppender<?> appender = (ConsoleAppender<?>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("console");
        assertThat(appender.getTarget()).isEqualTo("System.err");

        ConsoleLogging.install(context, true, false);
        assertThat(context.getLogger("org.gardenos.etcd").getEffectiveLevel()).isEqualTo(Level.DEBUG);
        assertThat(context.getLogger("org.gardenos.engine.ConvergeRun").getEffectiveLevel()).isEqualTo(Level.DEBUG);
        assertThat(context.getLogger("io.grpc").getEffectiveLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void logbackStartsWithTheGardenosConfiguratorNotItsDefault() {
        // logback's own default logs DEBUG for everything to stdout, which would corrupt JSON output
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isIn(Level.WARN);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("console")).isNotNull();
    }

    @Test
    void javaUtilLoggingGoesThroughTheSameAppender() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ConsoleLogging.install(context, false, false);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> seen =
                new ch.qos.logback.core.read.ListAppender<>();
        seen.setContext(context);
        seen.start();
        Logger grpc = context.getLogger("io.grpc.test");
        grpc.addAppender(seen);
        grpc.setAdditive(false); // keep the test's records off the console
        try {
            java.util.logging.Logger.getLogger("io.grpc.test").info("chatter");
            java.util.logging.Logger.getLogger("io.grpc.test").severe("channel leaked");

            // INFO of a library is below its WARN threshold; SEVERE arrives as ERROR
            assertThat(seen.list).singleElement().satisfies(e -> {
                assertThat(e.getLevel()).isEqualTo(Level.ERROR);
                assertThat(e.getFormattedMessage()).isEqualTo("channel leaked");
            });
            assertThat(java.util.logging.Logger.getLogger("").getHandlers())
                    .singleElement().isInstanceOf(org.slf4j.bridge.SLF4JBridgeHandler.class);
        } finally {
            grpc.setAdditive(true);
            grpc.detachAppender(seen);
        }
    }
}
