package org.gardenos.inventory;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * One host of the inventory, as written in {@code hosts[]}. The loader orders roles as the installed sections declare
 * them and labels iterate by key, so that anything rendered from a host is the same on every run.
 */
public record HostSpec(String name, String address, Set<Role> roles, Map<String, String> labels) {
    public HostSpec {
        roles.forEach(r -> Objects.requireNonNull(r, "role"));
        roles = Collections.unmodifiableSet(new LinkedHashSet<>(roles));
        labels.values().forEach(v -> Objects.requireNonNull(v, "label value"));
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    /** A host without labels, its roles in the given order. */
    public static HostSpec of(String name, String address, Role... roles) {
        return new HostSpec(name, address, new LinkedHashSet<>(java.util.Arrays.asList(roles)), Map.of());
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }
}
