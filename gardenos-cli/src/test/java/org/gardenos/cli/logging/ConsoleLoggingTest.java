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
}
