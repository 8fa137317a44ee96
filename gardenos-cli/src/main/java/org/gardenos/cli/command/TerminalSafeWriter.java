package org.gardenos.cli.command;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import org.gardenos.remote.Printable;

/**
 * The writer between everything the CLI prints and the terminal. Tables, plans, status, errors and warnings carry
 * text read from hosts and clusters (stderr, member names, status fields), which is untrusted: every control or
 * invisible format character but line feed and tab is written as an escape ({@link Printable}), so a hostile host
 * cannot move the cursor, clear the screen, rewrite earlier lines or retitle the terminal. GardenOS itself prints
 * no control sequences here (log colours go through logback, picocli's help through {@link #unwrapped}).
 */
public final class TerminalSafeWriter extends FilterWriter {
    private final PrintWriter raw;

    private TerminalSafeWriter(PrintWriter raw) {
        super(raw);
        this.raw = raw;
    }

    /** {@code raw} behind the escaping filter, auto-flushing like the writers of {@link CliIo#system()}. */
    public static PrintWriter wrap(PrintWriter raw) {
        return new SafePrintWriter(new TerminalSafeWriter(raw));
    }

    /** The unfiltered writer behind {@code writer} (picocli's help uses its own ANSI styles), or itself. */
    public static PrintWriter unwrapped(PrintWriter writer) {
        return writer instanceof SafePrintWriter safe ? safe.filter.raw : writer;
    }

    @Override
    public void write(int c) throws IOException {
        out.write(Printable.forTerminal(String.valueOf((char) c)));
    }

    @Override
    public void write(char[] buffer, int offset, int length) throws IOException {
        write(new String(buffer, offset, length), 0, length);
    }

    @Override
    public void write(String text, int offset, int length) throws IOException {
        out.write(Printable.forTerminal(text.substring(offset, offset + length)));
    }

    /** Marks a writer as filtered, so {@link #unwrapped} can find the raw one behind it. */
    private static final class SafePrintWriter extends PrintWriter {
        private final TerminalSafeWriter filter;

        SafePrintWriter(TerminalSafeWriter filter) {
            super(filter, true);
            this.filter = filter;
        }
    }
}
