package org.gardenos.postgres.lb;

import java.util.List;
import org.gardenos.postgres.model.ClusterContext;
import org.gardenos.postgres.settings.PostgresSettings;

/**
 * How clients reach PostgreSQL through HAProxy on the lb hosts: a primary port and a replica port, each forwarded
 * to the matching NodePort Service on every Kubernetes node and health-checked against Patroni's REST API through
 * that Service's REST NodePort. Pure data for the lb layer to render into its haproxy.cfg.
 */
public record PostgresRoute(int primaryPort, int replicaPort, PostgresSettings.NodePorts nodePorts,
                            List<ClusterContext.Node> nodes) {
    public PostgresRoute {
        nodes = List.copyOf(nodes);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("the postgres route needs at least one Kubernetes node");
        }
    }

    public static PostgresRoute of(PostgresSettings settings, ClusterContext context) {
        return new PostgresRoute(settings.ports().primary(), settings.ports().replica(), settings.nodePorts(),
                context.nodes());
    }
}
