package org.gardenos.lb;

import java.util.List;

/** The API backend's servers as one load balancer sees them. */
public record LoadBalancerStatus(String host, List<BackendServerStatus> servers) {
    public LoadBalancerStatus {
        servers = List.copyOf(servers);
    }

    /** Servers of the Kubernetes API backend only (the stats listener has none, but other proxies may exist). */
    public List<BackendServerStatus> apiServers() {
        return servers.stream().filter(s -> s.backend().equals(HaproxyConfigRenderer.BACKEND)).toList();
    }

    public List<BackendServerStatus> down() {
        return apiServers().stream().filter(s -> !s.isUp()).toList();
    }

    /** At least one API server takes traffic. */
    public boolean servesApi() {
        return apiServers().stream().anyMatch(BackendServerStatus::isUp);
    }

    /** Every API server takes traffic and passed its last health check. */
    public boolean healthy() {
        return !apiServers().isEmpty() && apiServers().stream().allMatch(BackendServerStatus::healthy);
    }
}
