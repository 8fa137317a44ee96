package org.gardenos.cli.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's start-up hook (found through META-INF/services): concise stderr lines from the first log event on, instead
 * of logback's default DEBUG-to-stdout, which would mix log lines into JSON output. A user who points
 * {@code -Dlogback.configurationFile} at their own file gets that file instead.
 */
public final class LogbackConfigurator extends ContextAwareBase implements Configurator {
    static final String USER_CONFIG_PROPERTY = "logback.configurationFile";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty(USER_CONFIG_PROPERTY) != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        ConsoleLogging.install(context, false, false);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
