package org.gardenos.lb.settings;

import java.util.List;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.InventorySection;
import org.gardenos.inventory.KeyPath;
import org.gardenos.inventory.LocalPaths;
import org.gardenos.inventory.PortUse;
import org.gardenos.inventory.Role;
import org.gardenos.inventory.Section;

/** The {@code loadBalancer:} section (the HAProxy in front of the Kubernetes API) and the {@code lb} role. */
public final class LoadBalancerSection implements InventorySection<LoadBalancerSettings> {
    public static final String KEY = "loadBalancer";
    /** Hosts that run HAProxy. */
    public static final Role ROLE = Role.of("lb");
    public static final KeyPath API_PORT = KeyPath.ROOT.key(KEY).key("apiPort");
    public static final KeyPath STATS_PORT = KeyPath.ROOT.key(KEY).key("statsPort");

    static final int DEFAULT_API_PORT = 6443;
    static final int DEFAULT_STATS_PORT = 8404;

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public Class<LoadBalancerSettings> type() {
        return LoadBalancerSettings.class;
    }

    @Override
    public List<Role> roles() {
        return List.of(ROLE);
    }

    @Override
    public LoadBalancerSettings parse(Section loadBalancer, LocalPaths paths) {
        int apiPort = loadBalancer.port("apiPort", DEFAULT_API_PORT);
        int statsPort = loadBalancer.port("statsPort", DEFAULT_STATS_PORT);
        loadBalancer.finish();
        return new LoadBalancerSettings(apiPort, statsPort);
    }

    @Override
    public List<PortUse> ports(HostSpec host, LoadBalancerSettings lb) {
        return host.has(ROLE) ? List.of(PortUse.of(lb.apiPort(), API_PORT), PortUse.of(lb.statsPort(), STATS_PORT))
                : List.of();
    }
}
