package org.gardenos.cli.output;

import java.io.PrintWriter;
import org.gardenos.engine.ApplyListener;
import org.gardenos.engine.Change;
import org.gardenos.engine.Outcome;

/**
 * Progress lines while {@code apply} runs, one per resource and host as it finishes:
 * {@code changed  [node-1] base file:/etc/hostname (update: content differs)}. The converger serializes calls, so
 * lines never interleave. A long or multi-line reason is cut to one line here: failures and warnings are printed
 * in full after the recap.
 */
public final class ApplyProgress implements ApplyListener {
    static final int DETAIL_MAX = 160;

    private final PrintWriter out;

    public ApplyProgress(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void resourceFinished(String host, String layer, String resource, Outcome outcome, Change change) {
        out.println(line(host, layer, resource, outcome, change));
        out.flush();
    }

    static String line(String host, String layer, String resource, Outcome outcome, Change change) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-8s [%s] %s %s", outcome.name().toLowerCase(java.util.Locale.ROOT), host, layer, resource));
        String why = why(outcome, change);
        if (!why.isEmpty()) {
            sb.append(" (").append(shorten(why)).append(')');
        }
        return sb.toString();
    }

    /** One line, at most {@link #DETAIL_MAX} characters: the full message follows the recap. */
    static String shorten(String text) {
        String first = text.strip().lines().findFirst().orElse("").strip();
        boolean cut = first.length() > DETAIL_MAX || text.strip().contains("\n");
        if (first.length() > DETAIL_MAX) {
            first = first.substring(0, DETAIL_MAX);
        }
        return cut ? first + " ..." : first;
    }

    private static String why(Outcome outcome, Change change) {
        if (change == null || outcome == Outcome.OK) {
            return "";
        }
        if (outcome == Outcome.CHANGED) {
            return change.detail() == null || change.detail().isBlank()
                    ? change.action().word()
                    : change.action() + ": " + change.detail();
        }
        return change.detail() == null ? "" : change.detail();
    }
}
