package org.gardenos.inventory;

import java.util.Map;
import java.util.Set;

/** One host of the inventory, as written in {@code hosts[]}. */
public record HostSpec(String name, String address, Set<Role> roles, Map<String, String> labels) {
    public HostSpec {
        roles = Set.copyOf(roles);
        labels = Map.copyOf(labels);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }
}
