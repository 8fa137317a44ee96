package org.gardenos.nspawn.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * When a started test cluster counts as ready, as small objects like Testcontainers' wait strategies.
 * {@link LocalKubernetes} waits with {@link #defaults()}: API ready, every node Ready, the {@code default}
 * ServiceAccount created (pods are refused before it exists).
 */
@FunctionalInterface
public interface ClusterWait {
    /** Returns once ready; throws {@link KubernetesException} naming what is missing after {@code timeout}. */
    void waitUntilReady(LocalKubernetes cluster, Duration timeout);

    static ClusterWait defaults() {
        return apiServerReady().and(nodesReady()).and(defaultServiceAccount());
    }

    /** {@code /readyz} answers 200. */
    static ClusterWait apiServerReady() {
        return (cluster, timeout) -> poll(timeout, "kube-apiserver /readyz",
                () -> cluster.api().status("/readyz") == 200 ? null : "not ready", cluster);
    }

    /** Every node of the cluster is registered and its {@code Ready} condition is {@code True}. */
    static ClusterWait nodesReady() {
        return (cluster, timeout) -> poll(timeout, "nodes Ready", () -> {
            List<String> notReady = new ArrayList<>();
            JsonNode items = cluster.api().get("/api/v1/nodes").path("items");
            for (NodeSpec n : cluster.nodeSpecs()) {
                boolean ready = false;
                for (JsonNode node : items) {
                    if (n.name().equals(node.path("metadata").path("name").asText())) {
                        for (JsonNode c : node.path("status").path("conditions")) {
                            ready |= "Ready".equals(c.path("type").asText()) && "True".equals(c.path("status").asText());
                        }
                    }
                }
                if (!ready) {
                    notReady.add(n.name());
                }
            }
            return notReady.isEmpty() ? null : "not Ready: " + notReady;
        }, cluster);
    }

    /** The controller manager created the {@code default} ServiceAccount of namespace {@code default}. */
    static ClusterWait defaultServiceAccount() {
        return (cluster, timeout) -> poll(timeout, "ServiceAccount default/default",
                () -> cluster.api().status("/api/v1/namespaces/default/serviceaccounts/default") == 200 ? null
                        : "not created yet", cluster);
    }

    default ClusterWait and(ClusterWait next) {
        ClusterWait first = this;
        return (cluster, timeout) -> {
            long deadline = System.nanoTime() + timeout.toNanos();
            first.waitUntilReady(cluster, timeout);
            next.waitUntilReady(cluster, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        };
    }

    /** Polls {@code check} (null = done, else why not) every 250 ms; the control plane must stay up meanwhile. */
    private static void poll(Duration timeout, String what, java.util.function.Supplier<String> check,
                             LocalKubernetes cluster) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (true) {
            cluster.requireControlPlaneAlive();
            try {
                last = check.get();
            } catch (KubernetesException e) {
                last = e.getMessage();
            }
            if (last == null) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new KubernetesException("test cluster: " + what + " not reached after " + timeout + ": " + last
                        + cluster.diagnostics());
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KubernetesException("interrupted waiting for " + what, e);
            }
        }
    }
}
