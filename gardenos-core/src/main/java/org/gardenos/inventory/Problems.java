package org.gardenos.inventory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects every error and warning found in one inventory, each tied to a key path and the place in the file
 * where that path is written, and renders them as {@code FILE:LINE:COL: key.path: message}.
 * Only the first error at a given path is kept: a second one at the same spot is a consequence, not news.
 */
public final class Problems {
    private static final int MAX_QUOTED = 60;

    record Problem(Mark mark, KeyPath path, String message) {
    }

    private final String file;
    private final Map<KeyPath, Mark> valueMarks = new HashMap<>();
    private final Map<KeyPath, Mark> keyMarks = new HashMap<>();
    private final List<Problem> errors = new ArrayList<>();
    private final List<Problem> warnings = new ArrayList<>();
    private final Set<KeyPath> failed = new HashSet<>();

    Problems(String file) {
        this.file = file;
    }

    /** Learns where every value and key of the tree is written. */
    void index(YamlNode node) {
        valueMarks.putIfAbsent(node.path(), node.mark());
        if (node instanceof YamlNode.Mapping mapping) {
            mapping.entries().forEach((key, entry) -> {
                keyMarks.putIfAbsent(node.path().key(key), entry.keyMark());
                index(entry.value());
            });
        } else if (node instanceof YamlNode.Sequence sequence) {
            sequence.items().forEach(this::index);
        }
    }

    /** The value's position, or the nearest enclosing one that is written (a defaulted key points at its section). */
    public Mark locate(KeyPath path) {
        for (KeyPath p = path; ; p = p.parent()) {
            Mark mark = valueMarks.get(p);
            if (mark != null) {
                return mark;
            }
            if (p.isRoot()) {
                return Mark.START;
            }
        }
    }

    /** Whether the key is written in the file (as opposed to taking its default). */
    public boolean isWritten(KeyPath path) {
        return valueMarks.containsKey(path);
    }

    public void error(KeyPath path, String message) {
        errorAt(locate(path), path, message);
    }

    /** An error about the key itself (unknown or duplicate key): points at the key, not its value. */
    public void errorAtKey(KeyPath path, String message) {
        errorAt(keyMarks.getOrDefault(path, locate(path)), path, message);
    }

    void errorAt(Mark mark, KeyPath path, String message) {
        if (failed.add(path)) {
            errors.add(new Problem(mark, path, message));
        }
    }

    public void warn(KeyPath path, String message) {
        warnings.add(new Problem(locate(path), path, message));
    }

    public boolean failed(KeyPath path) {
        return failed.contains(path);
    }

    /** Whether any error was found at the path or inside it. */
    public boolean failedWithin(KeyPath path) {
        return failed.stream().anyMatch(p -> p.segments().size() >= path.segments().size()
                && p.segments().subList(0, path.segments().size()).equals(path.segments()));
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    List<String> errorLines() {
        return render(errors);
    }

    List<String> warningLines() {
        return render(warnings);
    }

    private List<String> render(List<Problem> problems) {
        return problems.stream()
                .sorted(Comparator.comparing(Problem::mark))
                .map(this::line)
                .toList();
    }

    String line(Problem problem) {
        String where = file + ":" + problem.mark().line() + ":" + problem.mark().column() + ": ";
        return problem.path().isRoot() ? where + problem.message() : where + problem.path() + ": " + problem.message();
    }

    /** A user's value for a one-line message: single-quoted, control characters escaped, long values cut. */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder("'");
        int shown = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (shown == MAX_QUOTED) {
                out.append("...");
                break;
            }
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
            shown++;
        }
        return out.append('\'').toString();
    }
}
