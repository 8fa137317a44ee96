package org.gardenos.status;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of a status report: a host, a member, a backend, a node. {@code fields} keep their insertion order,
 * which is the column order of the table output.
 */
public record StatusItem(String name, Health health, Map<String, String> fields) {
    public StatusItem {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
