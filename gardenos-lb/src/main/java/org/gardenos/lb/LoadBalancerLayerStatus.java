package org.gardenos.lb;

import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gardenos.error.GardenException;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.state.StateDir;
import org.gardenos.status.Health;
import org.gardenos.status.LayerStatus;
import org.gardenos.status.StatusItem;
import org.gardenos.status.StatusReport;
import org.gardenos.lb.settings.LoadBalancerSection;
import org.gardenos.lb.settings.LoadBalancerSettings;

/**
 * {@code gardenos status lb}: one row per load balancer and API server, from each load balancer's stats page.
 * DOWN when no load balancer passes traffic to any server, DEGRADED when some server or load balancer is down.
 */
public final class LoadBalancerLayerStatus implements LayerStatus {
    private final Inventory inventory;
    private final StateDir state;
    private final HaproxyStatsClient client;

    @Inject
    public LoadBalancerLayerStatus(Inventory inventory, StateDir state) {
        this(inventory, state, Duration.ofSeconds(5));
    }

    public LoadBalancerLayerStatus(Inventory inventory, StateDir state, Duration timeout) {
        this.inventory = inventory;
        this.state = state;
        this.client = new HaproxyStatsClient(timeout);
    }

    @Override
    public String layer() {
        return LoadBalancerLayer.NAME;
    }

    @Override
    public StatusReport probe() {
        List<HostSpec> lbs = inventory.hostsWith(LoadBalancerSection.ROLE);
        if (lbs.isEmpty()) {
            return new StatusReport(layer(), Health.HEALTHY, "no host has role lb", List.of());
        }
        String password;
        try {
            password = StatsPassword.load(state);
        } catch (GardenException e) {
            return new StatusReport(layer(), Health.DOWN, e.getMessage(), List.of());
        }
        List<StatusItem> items = new ArrayList<>();
        int serving = 0;
        boolean allHealthy = true;
        for (HostSpec lb : lbs) {
            try {
                LoadBalancerStatus status = client.fetch(lb.name(), lb.address(), inventory.section(LoadBalancerSettings.class).statsPort(),
                        HaproxyConfig.STATS_USER, password);
                items.addAll(rows(status));
                serving += status.servesApi() ? 1 : 0;
                allHealthy &= status.healthy();
            } catch (GardenException e) {
                items.add(new StatusItem(lb.name(), Health.DOWN, Map.of("error", e.getMessage())));
                allHealthy = false;
            }
        }
        Health health = serving == 0 ? Health.DOWN : allHealthy ? Health.HEALTHY : Health.DEGRADED;
        long up = items.stream().filter(i -> i.health() == Health.HEALTHY).count();
        return new StatusReport(layer(), health, serving + "/" + lbs.size() + " load balancers pass API traffic; "
                + up + "/" + items.size() + " backends healthy", items);
    }

    static List<StatusItem> rows(LoadBalancerStatus status) {
        List<StatusItem> rows = new ArrayList<>();
        for (BackendServerStatus s : status.apiServers()) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("lb", status.host());
            fields.put("server", s.server());
            fields.put("status", s.status());
            fields.put("check", s.checkStatus());
            fields.put("since", s.secondsSinceChange() < 0 ? "" : s.secondsSinceChange() + "s");
            Health h = s.healthy() ? Health.HEALTHY : s.isUp() ? Health.DEGRADED : Health.DOWN;
            rows.add(new StatusItem(status.host() + "/" + s.server(), h, fields));
        }
        return rows;
    }
}
