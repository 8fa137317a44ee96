package org.gardenos.cli.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The CLI's logging: one console appender on stderr (stdout carries only data), GardenOS at INFO (DEBUG with
 * {@code -v}), third-party libraries at WARN so their chatter (sshj, gRPC, Netty) stays out of the user's way. The
 * engine's own run log is off unless {@code -v}: the CLI reports the same events itself.
 */
public final class ConsoleLogging {
    static final String APPENDER = "console";
    static final String ENGINE = "org.gardenos.engine";

    private ConsoleLogging() {
    }

    /** Colour only for a person at a terminal who did not ask for none (https://no-color.org). */
    public static boolean colourWanted(Map<String, String> env, boolean console) {
        String noColor = env.get("NO_COLOR");
        return console && (noColor == null || noColor.isEmpty()) && !"dumb".equals(env.get("TERM"));
    }

    /** Sets up {@code context} from scratch: used at logback start-up (before options are known) and after parsing. */
    static void install(LoggerContext context, boolean verbose, boolean colour) {
        ConsoleLayout layout = new ConsoleLayout();
        layout.setContext(context);
        layout.setColour(colour);
        layout.setStackTraces(verbose);
        layout.start();

        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();

        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName(APPENDER);
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();

        routeJavaUtilLogging(context);

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(appender);
        root.setLevel(Level.WARN);
        context.getLogger("org.gardenos").setLevel(verbose ? Level.DEBUG : Level.INFO);
        // the engine logs every change, warning and failure as it happens, for embedders; the CLI prints the same
        // facts itself (progress lines, then warning:/error: lines after the recap), so only -v shows both
        context.getLogger(ENGINE).setLevel(verbose ? null : Level.OFF);
    }

    /**
     * gRPC and Netty under jetcd log through java.util.logging, which would print two-line records of its own on
     * stderr: send them through slf4j to the same appender and levels instead.
     */
    private static void routeJavaUtilLogging(LoggerContext context) {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        // java.util.logging levels follow logback's, so disabled records are dropped before the bridge
        if (context.getCopyOfListenerList().stream().noneMatch(LevelChangePropagator.class::isInstance)) {
            LevelChangePropagator propagator = new LevelChangePropagator();
            propagator.setContext(context);
            propagator.setResetJUL(true);
            propagator.start();
            context.addListener(propagator);
        }
    }

    /** Applies the command line's choices; a no-op when another slf4j backend is in charge (embedding, tests). */
    public static void configure(boolean verbose, boolean colour) {
        if (System.getProperty(LogbackConfigurator.USER_CONFIG_PROPERTY) == null
                && LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            install(context, verbose, colour);
        }
    }
}
