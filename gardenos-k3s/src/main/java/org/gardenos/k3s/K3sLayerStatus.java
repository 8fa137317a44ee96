package org.gardenos.k3s;

import io.kubernetes.client.openapi.ApiClient;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.gardenos.error.GardenException;
import org.gardenos.inventory.Inventory;
import org.gardenos.k3s.api.KubernetesClients;
import org.gardenos.k3s.api.K3sStatus;
import org.gardenos.k3s.api.K3sStatusReader;
import org.gardenos.state.StateDir;
import org.gardenos.status.Health;
import org.gardenos.status.LayerStatus;
import org.gardenos.status.StatusItem;
import org.gardenos.status.StatusReport;

/**
 * {@code gardenos status k3s}: nodes, kube-system workloads, the default StorageClass and the metrics API, read
 * through the Kubernetes API with the state directory's kubeconfig. DOWN when the API cannot be asked or no node
 * is Ready, DEGRADED when {@link K3sStatus#problems()} lists anything.
 */
public final class K3sLayerStatus implements LayerStatus {
    static final String LAYER = K3sLayer.NAME;
    private final Inventory inventory;
    private final Supplier<ApiClient> client;

    @Inject
    public K3sLayerStatus(Inventory inventory, StateDir state, KubernetesClients clients) {
        this(inventory, () -> clients.fromKubeconfig(state.resolve(KubeconfigFetcher.STATE_FILE)));
    }

    public K3sLayerStatus(Inventory inventory, Supplier<ApiClient> client) {
        this.inventory = inventory;
        this.client = client;
    }

    @Override
    public String layer() {
        return LAYER;
    }

    @Override
    public StatusReport probe() {
        K3sStatus status;
        try {
            status = new K3sStatusReader(client.get()).read(inventory);
        } catch (GardenException e) {
            return new StatusReport(layer(), Health.DOWN, e.getMessage(), List.of());
        }
        return report(status);
    }

    static StatusReport report(K3sStatus status) {
        List<StatusItem> items = new ArrayList<>();
        for (K3sStatus.NodeStatus n : status.nodes()) {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("kind", "node");
            f.put("ready", String.valueOf(n.ready()));
            f.put("roles", String.join(",", n.roles()));
            f.put("taints", String.join(",", n.taints()));
            f.put("version", n.version());
            items.add(new StatusItem(n.name(), n.ready() ? Health.HEALTHY : Health.DOWN, f));
        }
        for (K3sStatus.WorkloadStatus w : status.kubeSystem()) {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("kind", w.kind());
            f.put("rollout", w.progress().detail());
            items.add(new StatusItem(w.name(), w.progress().done() ? Health.HEALTHY : Health.DEGRADED, f));
        }
        // ordered maps, not Map.of: the fields' order is the order of `-o json` and of the table, run after run
        Map<String, String> storage = new LinkedHashMap<>();
        storage.put("kind", "StorageClass");
        storage.put("detail", status.storage().message());
        items.add(new StatusItem("default-storageclass", status.storage().ok() ? Health.HEALTHY : Health.DEGRADED,
                storage));
        status.metricsAvailable().ifPresent(ok -> {
            Map<String, String> metrics = new LinkedHashMap<>();
            metrics.put("kind", "APIService");
            metrics.put("available", String.valueOf(ok));
            items.add(new StatusItem("metrics-api", ok ? Health.HEALTHY : Health.DEGRADED, metrics));
        });
        long ready = status.nodes().stream().filter(K3sStatus.NodeStatus::ready).count();
        Health health = ready == 0 ? Health.DOWN : status.healthy() ? Health.HEALTHY : Health.DEGRADED;
        String summary = ready + "/" + status.nodes().size() + " nodes Ready"
                + (status.problems().isEmpty() ? "" : "; " + String.join("; ", status.problems()));
        return new StatusReport(LAYER, health, summary, items);
    }
}
