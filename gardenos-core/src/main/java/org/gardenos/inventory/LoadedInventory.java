package org.gardenos.inventory;

import java.util.List;

/**
 * A valid inventory and the warnings found while loading it, each a line like
 * {@code gardenos.yaml:12:3: hosts: 4 hosts have the role 'etcd': ...}. Warnings never stop a command.
 */
public record LoadedInventory(Inventory inventory, List<String> warnings) {
    public LoadedInventory {
        warnings = List.copyOf(warnings);
    }
}
