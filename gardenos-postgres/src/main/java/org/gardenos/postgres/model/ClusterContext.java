package org.gardenos.postgres.model;

import java.util.List;
import java.util.Optional;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.k3s.settings.K3sSection;
import org.gardenos.k3s.settings.K3sSettings;
import org.gardenos.pki.EtcdClientCredentials;
import org.gardenos.postgres.settings.PostgresSettings;

/**
 * What the postgres layer needs from the other layers' settings: where etcd listens and whether it speaks TLS, the
 * etcd user Patroni logs in as by password (when the etcd layer gives it one: its certificate then has no CN), the
 * K3s pod network (replication connections come from it), and the Kubernetes nodes HAProxy forwards to.
 */
public record ClusterContext(List<String> etcdEndpoints, boolean etcdTls, Optional<String> etcdUser,
                             String podNetwork, List<Node> nodes) {
    public ClusterContext {
        etcdEndpoints = List.copyOf(etcdEndpoints);
        nodes = List.copyOf(nodes);
    }

    /** The etcd client identity Patroni uses (certificate, and login when it has one). */
    public static final String ETCD_CLIENT = "patroni";

    /** A Kubernetes node (K3s server or agent, or one of {@code postgres.nodes}) by name and address. */
    public record Node(String name, String address) {
    }

    /**
     * The etcd members come from the etcd module through core's {@link EtcdClientCredentials} (no module edge). The
     * nodes are {@code postgres.nodes} when written (a Kubernetes whose nodes are not hosts of this inventory, as in
     * the sandbox), else the inventory's K3s server and agent hosts.
     */
    public static ClusterContext of(Inventory inventory, EtcdClientCredentials etcd) {
        List<String> endpoints = etcd.endpoints(inventory).stream()
                .map(url -> url.replaceFirst("^[a-z]+://", "").replaceFirst("/+$", "")).toList();
        List<PostgresSettings.Node> written = inventory.section(PostgresSettings.class).nodes();
        List<Node> nodes = !written.isEmpty()
                ? written.stream().map(n -> new Node(n.name(), n.address())).toList()
                : inventory.hosts().stream().filter(h -> h.has(K3sSection.SERVER) || h.has(K3sSection.AGENT))
                        .map(ClusterContext::node).toList();
        return new ClusterContext(endpoints, etcd.tls(inventory), etcd.loginUser(inventory, ETCD_CLIENT),
                inventory.section(K3sSettings.class).clusterCidr(), nodes);
    }

    private static Node node(HostSpec host) {
        return new Node(host.name(), host.address());
    }
}
