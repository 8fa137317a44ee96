package org.gardenos.remote;

/**
 * Text read from a host or a fetched file made safe for a terminal and a one-line message: every control character
 * (C0 including CR, LF and ESC, DEL, C1) and every invisible format character (bidi overrides) is written as an
 * escape ({@code \n}, {@code \r}, {@code \t}, {@code \x1b}, {@code \u202e}), so a hostile host cannot move the
 * cursor, rewrite earlier lines, change the terminal's title or split one error into several.
 */
public final class Printable {
    private Printable() {
    }

    /** {@code text} with control and format characters escaped; null stays null. */
    public static String of(String text) {
        return escape(text, false);
    }

    /**
     * For a stream of terminal output (tables, several lines of messages): escapes as {@link #of} does but keeps
     * line feed and tab, which lay the text out and cannot move the cursor back.
     */
    public static String forTerminal(String text) {
        return escape(text, true);
    }

    private static String escape(String text, boolean keepLayout) {
        if (text == null || text.codePoints().noneMatch(cp -> unsafe(cp) && !(keepLayout && layout(cp)))) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(cp -> {
            if (!unsafe(cp) || keepLayout && layout(cp)) {
                out.appendCodePoint(cp);
            } else if (cp == '\n') {
                out.append("\\n");
            } else if (cp == '\r') {
                out.append("\\r");
            } else if (cp == '\t') {
                out.append("\\t");
            } else if (cp <= 0xff) {
                out.append(String.format("\\x%02x", cp));
            } else {
                out.append(String.format("\\u%04x", cp));
            }
        });
        return out.toString();
    }

    /**
     * Like {@link #of} but keeps line feeds: for multi-line host output (a stderr tail) printed as a block; CR, ESC
     * and the rest are still escaped.
     */
    public static String lines(String text) {
        if (text == null) {
            return null;
        }
        return String.join("\n", java.util.Arrays.stream(text.split("\n", -1)).map(Printable::of).toList());
    }

    private static boolean layout(int cp) {
        return cp == '\n' || cp == '\t';
    }

    private static boolean unsafe(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }
}
