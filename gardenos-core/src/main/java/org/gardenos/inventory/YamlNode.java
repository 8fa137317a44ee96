package org.gardenos.inventory;

import java.util.List;
import java.util.Map;

/**
 * The inventory as parsed YAML, before any meaning is given to it. Every node remembers where it starts in the
 * file and its key path, so that semantic errors found later still point at the offending value.
 */
public sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar {
    Mark mark();

    KeyPath path();

    /** What the node is, for messages: "a list", "the number 22", ... */
    String describe();

    /** A key of a mapping: where the key itself is written, and its value. */
    record Entry(Mark keyMark, YamlNode value) {
    }

    record Mapping(Mark mark, KeyPath path, Map<String, Entry> entries) implements YamlNode {
        public Mapping {
            entries = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(entries));
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    record Sequence(Mark mark, KeyPath path, List<YamlNode> items) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /** Scalar kinds as the YAML parser resolved them (plain {@code 22} is an integer, {@code "22"} a string). */
    enum ScalarKind { STRING, INTEGER, FLOAT, BOOLEAN, NULL }

    record Scalar(Mark mark, KeyPath path, ScalarKind kind, String text) implements YamlNode {
        @Override
        public String describe() {
            return switch (kind) {
                case STRING -> text.isEmpty() ? "an empty value" : "the string " + Problems.quote(text);
                case INTEGER, FLOAT -> "the number " + text;
                case BOOLEAN -> "the boolean " + text;
                case NULL -> "null";
            };
        }
    }
}
