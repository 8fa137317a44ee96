package org.gardenos.postgres.render;

import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import java.util.List;
import org.gardenos.postgres.model.PatroniCluster;

/**
 * The headless Service gives members stable DNS names; the primary and replica Services select on the role label
 * that Patroni's callback keeps current, and publish PostgreSQL and Patroni's REST API as NodePorts. HAProxy on the lb
 * hosts forwards to those NodePorts on every node and health-checks through the REST NodePort ({@code /primary},
 * {@code /replica}), so a stale label is caught by Patroni's own answer. {@code externalTrafficPolicy: Cluster}:
 * kube-proxy forwards from any node and source-NATs into the pod network, which pg_hba admits by default.
 */
final class ServicesRenderer {
    private ServicesRenderer() {
    }

    static List<V1Service> render(PatroniCluster c) {
        return List.of(headless(c), role(c, c.primaryService(), c.roleLabel().leaderValue(),
                        c.nodePorts().primary(), c.nodePorts().primaryApi()),
                role(c, c.replicaService(), c.roleLabel().replicaValue(),
                        c.nodePorts().replica(), c.nodePorts().replicaApi()));
    }

    private static V1Service headless(PatroniCluster c) {
        return new V1Service().apiVersion("v1").kind("Service")
                .metadata(Metadata.of(c, c.headlessService()))
                .spec(new V1ServiceSpec()
                        .clusterIP("None")
                        // members must find each other before they are ready (a replica bootstraps from the leader)
                        .publishNotReadyAddresses(true)
                        .selector(c.selector())
                        .ports(List.of(port("postgresql", PatroniCluster.POSTGRES_PORT, null),
                                port("patroni", PatroniCluster.REST_API_PORT, null))));
    }

    private static V1Service role(PatroniCluster c, String name, String roleValue, int nodePort, int apiNodePort) {
        return new V1Service().apiVersion("v1").kind("Service")
                .metadata(Metadata.of(c, name))
                .spec(new V1ServiceSpec()
                        .type("NodePort")
                        .externalTrafficPolicy("Cluster")
                        .selector(c.roleSelector(roleValue))
                        .ports(List.of(port("postgresql", PatroniCluster.POSTGRES_PORT, nodePort),
                                port("patroni", PatroniCluster.REST_API_PORT, apiNodePort))));
    }

    private static V1ServicePort port(String name, int port, Integer nodePort) {
        V1ServicePort p = new V1ServicePort().name(name).protocol("TCP").port(port).targetPort(new IntOrString(name));
        return nodePort == null ? p : p.nodePort(nodePort);
    }
}
