package org.gardenos.inventory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Typed, strict access to one YAML mapping of the inventory. Every getter records the key as known; {@link #finish()}
 * then reports the keys nobody asked for as unknown, with a "did you mean" hint. A getter that finds a bad value
 * records the error and returns the default, so that parsing goes on and every error of the file is reported.
 */
public final class Section {
    /** Turns the text of a value into its typed form, or says why it can't. */
    @FunctionalInterface
    public interface Check<T> {
        T apply(String text) throws InvalidValueException;
    }

    private final YamlNode.Mapping mapping;
    private final KeyPath path;
    private final Problems problems;
    private final Set<String> known = new LinkedHashSet<>();

    private Section(YamlNode.Mapping mapping, KeyPath path, Problems problems) {
        this.mapping = mapping;
        this.path = path;
        this.problems = problems;
    }

    /** A mapping node as a section; any other node is an error ("expected a mapping") and reads as empty. */
    public static Section of(YamlNode node, Problems problems, String expected) {
        if (node instanceof YamlNode.Mapping mapping) {
            return new Section(mapping, node.path(), problems);
        }
        problems.error(node.path(), "expected " + expected + ", got " + node.describe());
        return new Section(null, node.path(), problems);
    }

    public KeyPath path() {
        return path;
    }

    public KeyPath pathOf(String key) {
        return path.key(key);
    }

    public Problems problems() {
        return problems;
    }

    public Optional<YamlNode> node(String key) {
        known.add(key);
        if (mapping == null) {
            return Optional.empty();
        }
        YamlNode.Entry entry = mapping.entries().get(key);
        return entry == null ? Optional.empty() : Optional.of(entry.value());
    }

    /** A nested section; when absent every key in it takes its default. */
    public Section section(String key) {
        Optional<YamlNode> node = node(key);
        return node.isPresent() ? of(node.get(), problems, "a mapping") : new Section(null, pathOf(key), problems);
    }

    /** The keys written in this section, in file order (e.g. Kubernetes labels). */
    public Map<String, YamlNode.Entry> entries() {
        return mapping == null ? Map.of() : mapping.entries();
    }

    public Optional<String> string(String key) {
        return node(key).flatMap(this::string);
    }

    public String string(String key, String defaultValue) {
        return string(key).orElse(defaultValue);
    }

    public <T> Optional<T> string(String key, Check<T> check) {
        return node(key).flatMap(n -> checked(n, check));
    }

    /** An optional key with a default; the default text goes through the same check (paths get expanded). */
    public <T> T string(String key, String defaultText, Check<T> check) {
        Optional<YamlNode> node = node(key);
        if (node.isPresent()) {
            Optional<T> value = checked(node.get(), check);
            if (value.isPresent()) {
                return value.get();
            }
        }
        try {
            return check.apply(defaultText);
        } catch (InvalidValueException e) {
            throw new IllegalStateException("default " + defaultText + " of " + pathOf(key) + " is invalid: " + e.getMessage(), e);
        }
    }

    public <T> Optional<T> requiredString(String key, String what, Check<T> check) {
        Optional<YamlNode> node = node(key);
        if (node.isEmpty()) {
            missing(key, what);
            return Optional.empty();
        }
        return checked(node.get(), check);
    }

    public void missing(String key, String what) {
        // a section that is not a mapping was reported already; its keys are not "missing" on top of that
        if (!problems.failed(path)) {
            problems.error(pathOf(key), "missing (required: " + what + ")");
        }
    }

    /** A string scalar's text; anything else is a type error. */
    public Optional<String> string(YamlNode node) {
        if (node instanceof YamlNode.Scalar scalar && scalar.kind() == YamlNode.ScalarKind.STRING) {
            return Optional.of(scalar.text());
        }
        String hint = node instanceof YamlNode.Scalar scalar
                && (scalar.kind() == YamlNode.ScalarKind.INTEGER || scalar.kind() == YamlNode.ScalarKind.FLOAT
                || scalar.kind() == YamlNode.ScalarKind.BOOLEAN)
                ? " (quote it: \"" + scalar.text() + "\")" : "";
        problems.error(node.path(), "expected a string, got " + node.describe() + hint);
        return Optional.empty();
    }

    public <T> Optional<T> checked(YamlNode node, Check<T> check) {
        Optional<String> text = string(node);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(check.apply(text.get()));
        } catch (InvalidValueException e) {
            problems.error(node.path(), e.getMessage());
            return Optional.empty();
        }
    }

    public int port(String key, int defaultValue) {
        OptionalInt port = port(key);
        return port.isPresent() ? port.getAsInt() : defaultValue;
    }

    /** A TCP port written as a plain decimal integer 1-65535; empty when absent or invalid. */
    public OptionalInt port(String key) {
        Optional<YamlNode> node = node(key);
        if (node.isEmpty()) {
            return OptionalInt.empty();
        }
        if (node.get() instanceof YamlNode.Scalar scalar && scalar.kind() == YamlNode.ScalarKind.INTEGER) {
            String text = scalar.text();
            if (!text.matches("[0-9]{1,6}") || (text.length() > 1 && text.startsWith("0"))) {
                problems.error(scalar.path(), "port " + Problems.quote(text) + " must be written as a plain decimal number");
                return OptionalInt.empty();
            }
            int value = Integer.parseInt(text);
            if (value < 1 || value > 65535) {
                problems.error(scalar.path(), "port " + value + " is out of range 1-65535");
                return OptionalInt.empty();
            }
            return OptionalInt.of(value);
        }
        problems.error(node.get().path(), "expected a port number 1-65535, got " + node.get().describe());
        return OptionalInt.empty();
    }

    /** A duration string like {@code 10s}; a bare number gets a hint to add the unit. */
    public java.time.Duration duration(String key, String defaultText) {
        Optional<YamlNode> node = node(key);
        if (node.isPresent() && node.get() instanceof YamlNode.Scalar scalar && scalar.kind() == YamlNode.ScalarKind.INTEGER) {
            problems.error(scalar.path(), "expected a duration like '10s' or '2m', got the number " + scalar.text()
                    + " (add a unit: '" + scalar.text() + "s')");
        }
        return string(key, defaultText, Formats::duration);
    }

    public boolean bool(String key, boolean defaultValue) {
        Optional<YamlNode> node = node(key);
        if (node.isEmpty()) {
            return defaultValue;
        }
        if (node.get() instanceof YamlNode.Scalar scalar && scalar.kind() == YamlNode.ScalarKind.BOOLEAN) {
            return scalar.text().toLowerCase(Locale.ROOT).equals("true");
        }
        problems.error(node.get().path(), "expected true or false, got " + node.get().describe());
        return defaultValue;
    }

    /** A list value; a non-list is an error and reads as empty. */
    public Optional<List<YamlNode>> list(String key) {
        return node(key).map(node -> {
            if (node instanceof YamlNode.Sequence sequence) {
                return sequence.items();
            }
            problems.error(node.path(), "expected a list, got " + node.describe());
            return List.of();
        });
    }

    /** Reports every key of this section that no getter asked for. */
    public void finish() {
        if (mapping == null) {
            return;
        }
        for (String key : mapping.entries().keySet()) {
            if (!known.contains(key)) {
                problems.errorAtKey(pathOf(key), "unknown key " + Problems.quote(key) + suggestion(key));
            }
        }
    }

    private String suggestion(String key) {
        Optional<String> close = closest(key, known);
        if (close.isPresent()) {
            return " (did you mean " + Problems.quote(close.get()) + "?)";
        }
        List<String> allowed = new ArrayList<>(known);
        return allowed.isEmpty() ? "" : " (allowed here: " + String.join(", ", allowed) + ")";
    }

    /** The candidate a typo most likely meant: same letters ignoring case, or a few edits away. */
    public static Optional<String> closest(String word, Iterable<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            if (candidate.equalsIgnoreCase(word)) {
                return Optional.of(candidate);
            }
            int distance = editDistance(word.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        int allowed = Math.max(1, Math.min(word.length(), best == null ? 0 : best.length()) / 3);
        return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** Edit distance counting an adjacent swap as one edit ('rolse' is one edit from 'roles'). */
    public static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
