package org.gardenos.resources;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code key=value} lines a probe command prints (one round trip that reads several facts). Lines without
 * {@code =} are ignored; a repeated key keeps its last value.
 */
public final class ProbeOutput {
    private final Map<String, String> values;

    private ProbeOutput(Map<String, String> values) {
        this.values = values;
    }

    public static ProbeOutput parse(String stdout) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : stdout.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return new ProbeOutput(values);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public String getOrEmpty(String key) {
        return values.getOrDefault(key, "");
    }

    public Map<String, String> asMap() {
        return Map.copyOf(values);
    }
}
