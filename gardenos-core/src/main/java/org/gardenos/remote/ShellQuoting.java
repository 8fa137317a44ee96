package org.gardenos.remote;

import java.util.Arrays;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Quoting for POSIX {@code sh}. Every value that goes into a remote command line passes through {@link #quote},
 * which wraps it in single quotes: inside those, sh interprets nothing, so {@code $}, backticks, globs, spaces,
 * newlines and semicolons are all literal. A single quote itself cannot appear inside single quotes; it is
 * written as {@code '\''} (close, escaped quote, reopen).
 *
 * <p>The one quoting helper of GardenOS: every layer and resource quotes through it (it lives in {@code remote},
 * beside {@link RemoteHost}, so both {@code remote.ssh} and {@code resources} reach it without a package cycle).
 */
public final class ShellQuoting {
    private ShellQuoting() {
    }

    /** {@code value} as one literal sh word. Throws for a NUL character, which no argument can carry. */
    public static String quote(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a shell argument cannot contain a NUL character");
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** The values quoted and joined with spaces: a command line whose words are exactly {@code words}. */
    public static String join(String... words) {
        return Arrays.stream(words).map(ShellQuoting::quote).collect(Collectors.joining(" "));
    }

    /** The values quoted and joined with spaces. */
    public static String quoteAll(Collection<String> values) {
        return values.stream().map(ShellQuoting::quote).collect(Collectors.joining(" "));
    }
}
