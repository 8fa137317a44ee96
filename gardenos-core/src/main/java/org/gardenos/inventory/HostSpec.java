package org.gardenos.inventory;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * One host of the inventory, as written in {@code hosts[]}. Roles iterate in {@link Role} order and labels by key,
 * so that anything rendered from a host is the same on every run.
 */
public record HostSpec(String name, String address, Set<Role> roles, Map<String, String> labels) {
    public HostSpec {
        roles = Collections.unmodifiableSet(roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles));
        labels.values().forEach(v -> Objects.requireNonNull(v, "label value"));
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }
}
