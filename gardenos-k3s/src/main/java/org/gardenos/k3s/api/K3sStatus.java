package org.gardenos.k3s.api;

import java.util.List;
import java.util.Optional;

/**
 * The cluster's health as GardenOS judges it: nodes, kube-system workloads, the default StorageClass and
 * metrics-server. {@link #problems()} lists each finding as one line; the cluster is healthy when it is empty.
 */
public record K3sStatus(List<NodeStatus> nodes, List<WorkloadStatus> kubeSystem, DefaultStorageClass.Result storage,
                        Optional<Boolean> metricsAvailable, List<String> problems) {
    public K3sStatus {
        nodes = List.copyOf(nodes);
        kubeSystem = List.copyOf(kubeSystem);
        problems = List.copyOf(problems);
    }

    public boolean healthy() {
        return problems.isEmpty();
    }

    /** One node: Ready condition, roles from {@code node-role.kubernetes.io/*} labels, taints, kubelet version. */
    public record NodeStatus(String name, boolean ready, List<String> roles, List<String> taints, String version) {
        public NodeStatus {
            roles = List.copyOf(roles);
            taints = List.copyOf(taints);
        }
    }

    /** One kube-system Deployment or DaemonSet and its rollout state. */
    public record WorkloadStatus(String kind, String name, RolloutProgress progress) {
    }
}
