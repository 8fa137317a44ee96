package org.gardenos.k3s.api;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Taint;
import io.kubernetes.client.util.PatchUtils;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.gardenos.k3s.settings.K3sSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a node's labels and taints as the inventory says. K3s applies {@code node-label}/{@code node-taint} from
 * config.yaml only when a node first registers, so later inventory changes need the API:
 * <ul>
 *   <li>inventory labels are added or corrected (labels others set are left alone);</li>
 *   <li>hybrid servers carry no control-plane {@code NoSchedule}/{@code NoExecute} taint (workloads run there);</li>
 *   <li>dedicated servers ({@code k3s.hybrid: false}) carry {@code CriticalAddonsOnly=true:NoExecute}.</li>
 * </ul>
 * The change is one JSON merge patch that carries the node's {@code resourceVersion}, so it fails with 409
 * instead of overwriting a concurrent change (then it is read and tried once more). A node already right is not
 * patched at all.
 */
public final class NodeReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(NodeReconciler.class);
    /** Taints that keep ordinary workloads off a server; none of them belongs on a hybrid server. */
    static final Set<String> SERVER_ONLY_TAINT_KEYS = Set.of("node-role.kubernetes.io/control-plane",
            "node-role.kubernetes.io/master", "CriticalAddonsOnly");

    private final ApiClient client;
    private final CoreV1Api core;

    public NodeReconciler(ApiClient client) {
        this.client = client;
        this.core = new CoreV1Api(client);
    }

    /** What the reconcile changed; empty lists when the node was already right. */
    public record NodeChange(String node, Map<String, String> labelsSet, List<String> taintsRemoved,
                             List<String> taintsAdded) {
        public boolean none() {
            return labelsSet.isEmpty() && taintsRemoved.isEmpty() && taintsAdded.isEmpty();
        }
    }

    /** What {@link #reconcile} would change, without changing anything; empty when the node is not registered. */
    public Optional<NodeChange> plan(String node, Map<String, String> labels, boolean server, boolean hybrid) {
        try {
            return Optional.of(diff(core.readNode(node).execute(), labels, server, hybrid));
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw ApiErrors.of("read node " + node, e);
        }
    }

    public NodeChange reconcile(String node, Map<String, String> labels, boolean server, boolean hybrid) {
        for (int attempt = 1; ; attempt++) {
            V1Node current = read(node);
            NodeChange change = diff(current, labels, server, hybrid);
            if (change.none()) {
                return change;
            }
            try {
                patch(current, change, desiredTaints(current, server, hybrid));
                LOG.info("node {}: labels set {}, taints removed {}, taints added {}", node, change.labelsSet(),
                        change.taintsRemoved(), change.taintsAdded());
                return change;
            } catch (ApiException e) {
                if (e.getCode() == 409 && attempt == 1) {
                    continue;  // changed between our read and our patch: read again
                }
                throw ApiErrors.of("update labels/taints of node " + node, e);
            }
        }
    }

    static NodeChange diff(V1Node node, Map<String, String> labels, boolean server, boolean hybrid) {
        Map<String, String> have = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        Map<String, String> set = new LinkedHashMap<>();
        labels.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .filter(e -> !Objects.equals(have.get(e.getKey()), e.getValue()))
                .forEach(e -> set.put(e.getKey(), e.getValue()));
        List<V1Taint> current = taints(node);
        List<V1Taint> desired = desiredTaints(node, server, hybrid);
        List<String> removed = current.stream().filter(t -> !contains(desired, t)).map(NodeReconciler::show).toList();
        List<String> added = desired.stream().filter(t -> !contains(current, t)).map(NodeReconciler::show).toList();
        return new NodeChange(node.getMetadata().getName(), set, removed, added);
    }

    static List<V1Taint> desiredTaints(V1Node node, boolean server, boolean hybrid) {
        List<V1Taint> out = new ArrayList<>(taints(node));
        if (!server) {
            return out;  // agents: taints are the operator's business
        }
        if (hybrid) {
            out.removeIf(t -> SERVER_ONLY_TAINT_KEYS.contains(t.getKey())
                    && ("NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect())));
        } else {
            V1Taint dedicated = dedicatedTaint();
            if (!contains(out, dedicated)) {
                out.add(dedicated);
            }
        }
        return out;
    }

    static V1Taint dedicatedTaint() {
        String spec = K3sSettings.DEDICATED_SERVER_TAINT;  // key=value:effect
        int eq = spec.indexOf('=');
        int colon = spec.indexOf(':');
        return new V1Taint().key(spec.substring(0, eq)).value(spec.substring(eq + 1, colon))
                .effect(spec.substring(colon + 1));
    }

    private V1Node read(String node) {
        try {
            return core.readNode(node).execute();
        } catch (ApiException e) {
            throw ApiErrors.of("read node " + node, e);
        }
    }

    private void patch(V1Node current, NodeChange change, List<V1Taint> taints) throws ApiException {
        JsonObject metadata = new JsonObject();
        metadata.addProperty("resourceVersion", current.getMetadata().getResourceVersion());
        if (!change.labelsSet().isEmpty()) {
            JsonObject l = new JsonObject();
            change.labelsSet().forEach(l::addProperty);
            metadata.add("labels", l);
        }
        JsonObject patch = new JsonObject();
        patch.add("metadata", metadata);
        if (!change.taintsAdded().isEmpty() || !change.taintsRemoved().isEmpty()) {
            // a merge patch replaces the whole list, which is what removing one taint needs
            JsonArray list = new JsonArray();
            taints.forEach(t -> list.add(JSON.getGson().toJsonTree(t)));
            JsonObject spec = new JsonObject();
            spec.add("taints", list);
            patch.add("spec", spec);
        }
        String name = current.getMetadata().getName();
        PatchUtils.patch(V1Node.class,
                () -> core.patchNode(name, new V1Patch(patch.toString())).fieldManager(ServerSideApplier.FIELD_MANAGER)
                        .buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
    }

    private static List<V1Taint> taints(V1Node node) {
        return node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
    }

    private static boolean contains(List<V1Taint> list, V1Taint t) {
        return list.stream().anyMatch(o -> Objects.equals(o.getKey(), t.getKey())
                && Objects.equals(o.getValue(), t.getValue()) && Objects.equals(o.getEffect(), t.getEffect()));
    }

    static String show(V1Taint t) {
        return t.getKey() + (t.getValue() == null ? "" : "=" + t.getValue()) + ":" + t.getEffect();
    }
}
