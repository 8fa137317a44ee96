package org.gardenos.cli.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import org.gardenos.remote.Printable;

/**
 * Concise console lines: {@code message} for INFO, {@code LEVEL message} for the rest, the level coloured only when
 * colour is on. An attached exception adds its one-line summary; its stack trace only in verbose mode.
 */
public final class ConsoleLayout extends LayoutBase<ILoggingEvent> {
    private static final String RESET = "\u001b[0m";

    private volatile boolean colour;
    private volatile boolean stackTraces;

    public void setColour(boolean colour) {
        this.colour = colour;
    }

    public void setStackTraces(boolean stackTraces) {
        this.stackTraces = stackTraces;
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder sb = new StringBuilder();
        Level level = event.getLevel();
        if (level != Level.INFO) {
            String code = ansi(level);
            sb.append(colour ? code + level + RESET : level.toString()).append(' ');
        }
        // messages carry host output (stderr, names): escaped so it cannot drive the terminal
        sb.append(Printable.forTerminal(event.getFormattedMessage()));
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            if (stackTraces) {
                sb.append(CoreConstants.LINE_SEPARATOR).append(ThrowableProxyUtil.asString(thrown).stripTrailing());
            } else {
                sb.append(": ").append(thrown.getClassName()).append(": ").append(Printable.forTerminal(thrown.getMessage()));
            }
        }
        return sb.append(CoreConstants.LINE_SEPARATOR).toString();
    }

    private static String ansi(Level level) {
        return switch (level.toInt()) {
            case Level.ERROR_INT -> "\u001b[31m";
            case Level.WARN_INT -> "\u001b[33m";
            default -> "\u001b[2m";
        };
    }
}
