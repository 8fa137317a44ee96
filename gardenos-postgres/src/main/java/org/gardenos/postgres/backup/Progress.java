package org.gardenos.postgres.backup;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress of a long transfer: bytes so far and the rate, written to standard error at most once a second (and once
 * at the end), so standard output stays the backup's path alone.
 */
public class Progress {
    private final PrintWriter err;
    private long started;
    private long lastShown;
    private String what = "";

    public Progress(PrintWriter err) {
        this.err = err;
    }

    /** A progress that shows nothing (embedding, tests). */
    public static Progress silent() {
        return new Progress(null);
    }

    public void start(String label) {
        what = label;
        started = System.nanoTime();
        lastShown = started;
    }

    /** Called as bytes arrive; {@code total} counts from {@link #start}. */
    public void bytes(long total) {
        long now = System.nanoTime();
        if (now - lastShown >= 1_000_000_000L) {
            lastShown = now;
            show(total, now);
        }
    }

    public void done(long total) {
        show(total, System.nanoTime());
    }

    private void show(long total, long now) {
        if (err == null) {
            return;
        }
        double seconds = Math.max(1e-3, (now - started) / 1e9);
        err.printf(Locale.ROOT, "%s: %s in %.1f s (%s/s)%n", what, size(total), seconds, size((long) (total / seconds)));
        err.flush();
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
