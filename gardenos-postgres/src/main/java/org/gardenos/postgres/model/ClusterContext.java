package org.gardenos.postgres.model;

import java.util.List;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.inventory.Role;

/**
 * What the postgres layer needs from the other layers' settings: where etcd listens and whether it speaks TLS, the
 * K3s pod network (replication connections come from it), and the Kubernetes nodes HAProxy forwards to.
 */
public record ClusterContext(List<String> etcdEndpoints, boolean etcdTls, String podNetwork, List<Node> nodes) {
    public ClusterContext {
        etcdEndpoints = List.copyOf(etcdEndpoints);
        nodes = List.copyOf(nodes);
    }

    /** A Kubernetes node (K3s server or agent) by inventory name and address. */
    public record Node(String name, String address) {
    }

    public static ClusterContext of(Inventory inventory) {
        List<String> etcd = inventory.hostsWith(Role.ETCD).stream()
                .map(h -> h.address() + ":" + inventory.etcd().clientPort()).toList();
        List<Node> nodes = inventory.hosts().stream()
                .filter(h -> h.has(Role.SERVER) || h.has(Role.AGENT))
                .map(ClusterContext::node).toList();
        return new ClusterContext(etcd, inventory.etcd().tls(), inventory.k3s().clusterCidr(), nodes);
    }

    private static Node node(HostSpec host) {
        return new Node(host.name(), host.address());
    }
}
