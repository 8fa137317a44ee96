package org.gardenos.k3s.api;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.ApiregistrationV1Api;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1APIService;
import io.kubernetes.client.openapi.models.V1DaemonSet;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Future;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.k3s.manifest.LocalPathStorage;
import org.gardenos.k3s.settings.K3sSection;
import org.gardenos.k3s.settings.K3sSettings;

/** Reads {@link K3sStatus} through the API and compares it with what the inventory promises. */
public final class K3sStatusReader {
    static final String METRICS_API = "v1beta1.metrics.k8s.io";
    /** Deployments, DaemonSets, local-path's Deployment, StorageClasses, the metrics APIService. */
    static final int PARALLEL_READS = 5;
    private static final String ROLE_PREFIX = "node-role.kubernetes.io/";

    private final ApiClient client;

    public K3sStatusReader(ApiClient client) {
        this.client = client;
    }

    /**
     * Reads the nodes first and alone (that call opens the connection, which the API server's HTTP/2 lets the
     * other calls share), then the kube-system workloads, the StorageClasses and the metrics APIService at once:
     * each answer is small, but the client's first use of each model type costs more CPU than the server's answer
     * takes (issue 13). Problems are listed in the same order as one read after the other, and when reads fail,
     * the failure reported is the one the first of them in that order met.
     */
    public K3sStatus read(Inventory inventory) {
        K3sSettings settings = inventory.section(K3sSettings.class);
        List<K3sStatus.NodeStatus> nodes = nodes();
        try (ParallelReads reads = new ParallelReads("k3s-status", PARALLEL_READS)) {
            Future<List<K3sStatus.WorkloadStatus>> deployments = reads.start(this::kubeSystemDeployments);
            Future<List<K3sStatus.WorkloadStatus>> daemonSets = reads.start(this::kubeSystemDaemonSets);
            Optional<Future<RolloutProgress>> localPath = settings.disable().contains("local-storage")
                    ? Optional.of(reads.start(() -> deploymentProgress(LocalPathStorage.NAMESPACE,
                            LocalPathStorage.DEPLOYMENT)))
                    : Optional.empty();
            Future<DefaultStorageClass.Result> storageClass = reads.start(() -> new DefaultStorageClass(client).check());
            Optional<Future<Boolean>> metricsApi = settings.disable().contains("metrics-server") ? Optional.empty()
                    : Optional.of(reads.start(this::metricsApiAvailable));

            List<String> problems = nodeProblems(inventory, settings, nodes);
            List<K3sStatus.WorkloadStatus> workloads = new ArrayList<>(ParallelReads.answer(deployments));
            workloads.addAll(ParallelReads.answer(daemonSets));
            for (K3sStatus.WorkloadStatus w : workloads) {
                if (!w.progress().done()) {
                    problems.add(w.kind() + " kube-system/" + w.name() + ": " + w.progress().detail());
                }
            }
            if (localPath.isPresent()) {
                // GardenOS runs its own provisioner then; it lives outside kube-system
                RolloutProgress p = ParallelReads.answer(localPath.get());
                workloads.add(new K3sStatus.WorkloadStatus("Deployment", LocalPathStorage.NAMESPACE + "/"
                        + LocalPathStorage.DEPLOYMENT, p));
                if (!p.done()) {
                    problems.add("Deployment " + LocalPathStorage.NAMESPACE + "/" + LocalPathStorage.DEPLOYMENT + ": "
                            + p.detail());
                }
            }
            DefaultStorageClass.Result storage = ParallelReads.answer(storageClass);
            if (!storage.ok()) {
                problems.add(storage.message());
            }
            Optional<Boolean> metrics = Optional.empty();
            if (metricsApi.isPresent()) {
                boolean available = ParallelReads.answer(metricsApi.get());
                metrics = Optional.of(available);
                if (!available) {
                    problems.add("metrics API " + METRICS_API
                            + " is not Available: kubectl top and autoscaling do not work");
                }
            }
            return new K3sStatus(nodes, workloads, storage, metrics, problems);
        }
    }

    private static List<String> nodeProblems(Inventory inventory, K3sSettings settings,
                                             List<K3sStatus.NodeStatus> nodes) {
        List<String> problems = new ArrayList<>();
        Set<String> registered = new TreeSet<>();
        for (K3sStatus.NodeStatus n : nodes) {
            registered.add(n.name());
            if (!n.ready()) {
                problems.add("node " + n.name() + " is not Ready");
            }
        }
        for (HostSpec h : inventory.hosts()) {
            if ((h.has(K3sSection.SERVER) || h.has(K3sSection.AGENT)) && !registered.contains(h.name())) {
                problems.add("node " + h.name() + " (inventory) is not registered in the cluster");
            }
            if (h.has(K3sSection.SERVER) && settings.hybrid()) {
                nodes.stream().filter(n -> n.name().equals(h.name())).flatMap(n -> n.taints().stream())
                        .filter(t -> t.endsWith(":NoSchedule") || t.endsWith(":NoExecute"))
                        .filter(t -> NodeReconciler.SERVER_ONLY_TAINT_KEYS.stream().anyMatch(t::startsWith))
                        .forEach(t -> problems.add("hybrid server " + h.name() + " has taint " + t
                                + ": workloads cannot run there"));
            }
        }
        return problems;
    }

    private List<K3sStatus.NodeStatus> nodes() {
        List<V1Node> items = RolloutWaiter.call(() -> new CoreV1Api(client).listNode().execute().getItems(),
                "list nodes");
        List<K3sStatus.NodeStatus> out = new ArrayList<>();
        for (V1Node n : items) {
            boolean ready = n.getStatus() != null && n.getStatus().getConditions() != null
                    && n.getStatus().getConditions().stream().anyMatch(
                            (V1NodeCondition c) -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
            Map<String, String> labels = n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels();
            List<String> roles = labels.keySet().stream().filter(k -> k.startsWith(ROLE_PREFIX))
                    .map(k -> k.substring(ROLE_PREFIX.length())).sorted().toList();
            List<String> taints = n.getSpec() == null || n.getSpec().getTaints() == null ? List.of()
                    : n.getSpec().getTaints().stream().map(NodeReconciler::show).toList();
            String version = n.getStatus() == null || n.getStatus().getNodeInfo() == null ? ""
                    : n.getStatus().getNodeInfo().getKubeletVersion();
            out.add(new K3sStatus.NodeStatus(n.getMetadata().getName(), ready, roles, taints, version));
        }
        return out;
    }

    private List<K3sStatus.WorkloadStatus> kubeSystemDeployments() {
        List<K3sStatus.WorkloadStatus> out = new ArrayList<>();
        for (V1Deployment d : RolloutWaiter.call(() -> new AppsV1Api(client).listNamespacedDeployment("kube-system")
                .execute().getItems(), "list Deployments in kube-system")) {
            out.add(new K3sStatus.WorkloadStatus("Deployment", d.getMetadata().getName(), RolloutProgress.of(d)));
        }
        return out;
    }

    private List<K3sStatus.WorkloadStatus> kubeSystemDaemonSets() {
        List<K3sStatus.WorkloadStatus> out = new ArrayList<>();
        for (V1DaemonSet ds : RolloutWaiter.call(() -> new AppsV1Api(client).listNamespacedDaemonSet("kube-system")
                .execute().getItems(), "list DaemonSets in kube-system")) {
            out.add(new K3sStatus.WorkloadStatus("DaemonSet", ds.getMetadata().getName(), RolloutProgress.of(ds)));
        }
        return out;
    }

    private RolloutProgress deploymentProgress(String namespace, String name) {
        try {
            return RolloutProgress.of(new AppsV1Api(client).readNamespacedDeployment(name, namespace).execute());
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return new RolloutProgress(false, false, "does not exist");
            }
            throw ApiErrors.of("read Deployment " + namespace + "/" + name, e);
        }
    }

    private boolean metricsApiAvailable() {
        V1APIService service;
        try {
            service = new ApiregistrationV1Api(client).readAPIService(METRICS_API).execute();
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw ApiErrors.of("read APIService " + METRICS_API, e);
        }
        return service.getStatus() != null && service.getStatus().getConditions() != null
                && service.getStatus().getConditions().stream()
                        .anyMatch(c -> "Available".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
