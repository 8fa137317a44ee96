package org.gardenos.inventory;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A loaded and validated {@code gardenos.yaml}. Immutable; build one with {@link InventoryLoader}.
 * Sections for the postgres and apps layers are added by those layers.
 */
public record Inventory(Path file, String cluster, SshSettings ssh, List<HostSpec> hosts,
                        EtcdSettings etcd, K3sSettings k3s, LoadBalancerSettings loadBalancer) {
    public Inventory {
        hosts = List.copyOf(hosts);
    }

    public List<HostSpec> hostsWith(Role role) {
        return hosts.stream().filter(h -> h.has(role)).toList();
    }

    public Optional<HostSpec> host(String name) {
        return hosts.stream().filter(h -> h.name().equals(name)).findFirst();
    }
}
