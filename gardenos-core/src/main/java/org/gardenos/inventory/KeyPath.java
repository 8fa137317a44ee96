package org.gardenos.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a value sits in the inventory, printed the way users read it: {@code hosts[1].address},
 * {@code hosts[0].labels["app.kubernetes.io/name"]}. List indexes are 0-based.
 */
public record KeyPath(List<Object> segments) {
    public static final KeyPath ROOT = new KeyPath(List.of());
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    public KeyPath {
        segments = List.copyOf(segments);
    }

    public KeyPath key(String key) {
        return append(key);
    }

    public KeyPath index(int index) {
        return append(index);
    }

    public KeyPath parent() {
        return isRoot() ? this : new KeyPath(segments.subList(0, segments.size() - 1));
    }

    public boolean isRoot() {
        return segments.isEmpty();
    }

    private KeyPath append(Object segment) {
        List<Object> longer = new ArrayList<>(segments);
        longer.add(segment);
        return new KeyPath(longer);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (Object segment : segments) {
            if (segment instanceof Integer index) {
                out.append('[').append(index).append(']');
            } else if (PLAIN_KEY.matcher((String) segment).matches()) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(segment);
            } else {
                out.append("[\"").append(((String) segment).replace("\\", "\\\\").replace("\"", "\\\"")).append("\"]");
            }
        }
        return out.toString();
    }
}
