package org.gardenos.postgres.backup;

import java.util.List;
import org.gardenos.error.GardenException;
import org.gardenos.remote.Printable;

/** Output of a database server or host is untrusted: bounded before it is kept, escaped before it is shown. */
final class Bounded {
    static final int MAX_OUTPUT_CHARS = 64 * 1024 * 1024;
    private static final int MAX_LINE = 400;

    private Bounded() {
    }

    static List<String> lines(String text) {
        if (text.length() > MAX_OUTPUT_CHARS) {
            throw new GardenException("a catalog query answered " + text.length() + " characters, more than the "
                    + MAX_OUTPUT_CHARS + " GardenOS reads");
        }
        return text.lines().filter(l -> !l.isBlank()).toList();
    }

    /** One line for a message: the last non-empty lines of stderr, escaped and capped. */
    static String line(String text) {
        String joined = String.join(" | ", text.strip().lines().filter(l -> !l.isBlank()).toList());
        String shown = Printable.of(joined);
        return shown.length() <= MAX_LINE ? shown : "..." + shown.substring(shown.length() - MAX_LINE);
    }
}
