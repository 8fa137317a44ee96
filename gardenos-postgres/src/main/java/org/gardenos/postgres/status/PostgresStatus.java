package org.gardenos.postgres.status;

import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.gardenos.error.GardenException;
import org.gardenos.inventory.Inventory;
import org.gardenos.k3s.KubeconfigFetcher;
import org.gardenos.k3s.api.KubernetesClients;
import org.gardenos.postgres.api.KubeCalls;
import org.gardenos.postgres.api.PatroniApi;
import org.gardenos.postgres.patroni.ClusterHealth;
import org.gardenos.postgres.patroni.PatroniClusterView;
import org.gardenos.postgres.patroni.PatroniMember;
import org.gardenos.postgres.settings.PostgresSettings;
import org.gardenos.state.StateDir;
import org.gardenos.status.Health;
import org.gardenos.status.LayerStatus;
import org.gardenos.status.StatusItem;
import org.gardenos.status.StatusReport;

/**
 * {@code gardenos status postgres}: Patroni's own view ({@code /cluster} through the pod proxy) and each member's
 * node. One item per member with exactly the fields {@code pod, node, role, state, timeline, lagBytes}. DOWN without
 * a leader (or without an answer), DEGRADED when a member is missing, a replica is not streaming or lags more than
 * {@code postgres.maxLagBytes}; both make the command exit 1.
 */
public final class PostgresStatus implements LayerStatus {
    public static final String LAYER = "postgres";

    private final Inventory inventory;
    private final Supplier<KubeCalls> calls;

    @Inject
    public PostgresStatus(Inventory inventory, StateDir state, KubernetesClients clients) {
        this(inventory, KubeCalls.fromState(clients, state));
    }

    public PostgresStatus(Inventory inventory, Supplier<KubeCalls> calls) {
        this.inventory = inventory;
        this.calls = calls;
    }

    @Override
    public String layer() {
        return LAYER;
    }

    @Override
    public StatusReport probe() {
        PostgresSettings pg = inventory.section(PostgresSettings.class);
        if (!pg.present()) {
            return new StatusReport(LAYER, Health.HEALTHY, "no postgres section in the inventory", List.of());
        }
        try {
            PatroniApi api = new PatroniApi(calls.get(), pg.namespace());
            List<String> pods = ClusterHealth.members(pg);
            PatroniApi.Result<PatroniClusterView> view = api.cluster(pods);
            if (view.value().isEmpty()) {
                return new StatusReport(LAYER, Health.DOWN, "no answer from Patroni: " + view.reason(), List.of());
            }
            return report(pg, view.value().get(), api.nodes(pods));
        } catch (GardenException e) {
            return new StatusReport(LAYER, Health.DOWN, e.getMessage(), List.of());
        }
    }

    static StatusReport report(PostgresSettings pg, PatroniClusterView view, Map<String, String> nodes) {
        List<StatusItem> items = new ArrayList<>();
        for (PatroniMember m : view.members()) {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("pod", m.name());
            f.put("node", nodes.getOrDefault(m.name(), ""));
            f.put("role", m.role());
            f.put("state", m.state());
            f.put("timeline", String.valueOf(m.timeline()));
            f.put("lagBytes", m.lagBytes().isPresent() ? String.valueOf(m.lagBytes().getAsLong()) : "unknown");
            boolean ok = m.leader() || (m.replicating() && m.lagBytes().orElse(0) <= pg.maxLagBytes());
            items.add(new StatusItem(m.name(), ok ? Health.HEALTHY : Health.DEGRADED, f));
        }
        List<String> problems = ClusterHealth.problems(pg, view);
        Health health = view.leaders().isEmpty() ? Health.DOWN : problems.isEmpty() ? Health.HEALTHY : Health.DEGRADED;
        String leader = view.leaders().isEmpty() ? "no leader" : "leader " + view.leaders().get(0).name();
        long replicas = view.members().stream().filter(m -> !m.leader() && m.replicating()).count();
        String summary = leader + ", " + replicas + "/" + (pg.replicas() - 1) + " replicas streaming"
                + (problems.isEmpty() ? "" : "; " + String.join("; ", problems));
        return new StatusReport(LAYER, health, summary, items);
    }
}
