package org.gardenos.resources;

import java.util.Collection;
import java.util.stream.Collectors;

/** Shell quoting for commands run with {@code sh -c} on a host. */
public final class Shell {
    private Shell() {
    }

    /** Single-quotes {@code value} so {@code sh} passes it as one literal word. */
    public static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** Quotes each value and joins them with spaces. */
    public static String quoteAll(Collection<String> values) {
        return values.stream().map(Shell::quote).collect(Collectors.joining(" "));
    }
}
