package org.gardenos.lb;

import java.time.Duration;
import java.util.List;
import org.gardenos.inventory.Inventory;
import org.gardenos.state.StateDir;
import org.gardenos.lb.settings.LoadBalancerSection;
import org.gardenos.lb.settings.LoadBalancerSettings;

/** {@code gardenos status lb}: each load balancer's view of the API servers, from its stats page. */
public final class LoadBalancerStatusReader {
    private final HaproxyStatsClient client;

    public LoadBalancerStatusReader(Duration timeout) {
        this.client = new HaproxyStatsClient(timeout);
    }

    public List<LoadBalancerStatus> read(Inventory inventory, StateDir state) {
        String password = StatsPassword.load(state);
        int port = inventory.section(LoadBalancerSettings.class).statsPort();
        return inventory.hostsWith(LoadBalancerSection.ROLE).stream()
                .map(h -> client.fetch(h.name(), h.address(), port, HaproxyConfig.STATS_USER, password))
                .toList();
    }
}
