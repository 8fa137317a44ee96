package org.gardenos.k3s.settings;

import java.util.Optional;
import org.gardenos.inventory.InvalidValueException;
import org.gardenos.inventory.Ipv4;
import org.gardenos.inventory.Ipv4Cidr;
import org.gardenos.inventory.KeyPath;
import org.gardenos.inventory.PlacedHost;
import org.gardenos.inventory.Problems;
import org.gardenos.inventory.Topology;

/** The pod and service networks against each other, the cluster DNS address, the node count and host addresses. */
final class K3sNetworkRules {
    /** K3s gives every node a /24 of the pod network (kube-controller-manager's node-cidr-mask-size). */
    static final int NODE_POD_PREFIX = 24;
    /** kube-apiserver refuses a service network larger than /12 for IPv4. */
    static final int LARGEST_SERVICE_PREFIX = 12;

    private static final KeyPath CLUSTER = K3sSection.K3S.key("clusterCidr");
    private static final KeyPath SERVICE = K3sSection.K3S.key("serviceCidr");
    private static final KeyPath DNS = K3sSection.K3S.key("clusterDns");

    private final Problems problems;
    private final Topology topology;
    private final Ipv4Cidr pods;
    private final Ipv4Cidr services;
    private final boolean clusterOk;
    private final boolean serviceOk;

    private K3sNetworkRules(K3sSettings k3s, Topology topology) {
        this.problems = topology.problems();
        this.topology = topology;
        this.pods = cidr(k3s.clusterCidr());
        this.services = cidr(k3s.serviceCidr());
        this.clusterOk = !problems.failed(CLUSTER);
        this.serviceOk = !problems.failed(SERVICE);
    }

    static void check(K3sSettings k3s, Topology topology) {
        K3sNetworkRules rules = new K3sNetworkRules(k3s, topology);
        rules.sizes();
        rules.overlap();
        rules.clusterDns(ip(k3s.clusterDns()));
        rules.hostAddresses();
    }

    private void sizes() {
        if (clusterOk && pods.prefix() > NODE_POD_PREFIX) {
            problems.error(CLUSTER, q(pods) + " is smaller than one node's /" + NODE_POD_PREFIX
                    + " pod range; use a /" + NODE_POD_PREFIX + " or larger network");
        } else if (clusterOk && topology.allHostsRead()) {
            long k3sNodes = topology.hosts().stream()
                    .filter(h -> h.spec().has(K3sSection.SERVER) || h.spec().has(K3sSection.AGENT)).count();
            long room = 1L << (NODE_POD_PREFIX - pods.prefix());
            if (k3sNodes > room) {
                problems.error(CLUSTER, q(pods) + " has room for " + room + " node pod ranges (/" + NODE_POD_PREFIX
                        + " each) but " + k3sNodes + " hosts run K3s");
            }
        }
        if (serviceOk && services.prefix() < LARGEST_SERVICE_PREFIX) {
            problems.error(SERVICE, q(services) + " is larger than Kubernetes allows for services (at most a /"
                    + LARGEST_SERVICE_PREFIX + ")");
        }
    }

    private void overlap() {
        if (clusterOk && serviceOk && pods.overlaps(services)) {
            KeyPath at = problems.isWritten(SERVICE) ? SERVICE : CLUSTER;
            Ipv4Cidr other = at.equals(SERVICE) ? pods : services;
            String otherKey = at.equals(SERVICE) ? "k3s.clusterCidr" : "k3s.serviceCidr";
            problems.error(at, q(at.equals(SERVICE) ? services : pods) + " overlaps " + otherKey + " " + q(other)
                    + "; the pod and service networks must not overlap");
        }
    }

    private void clusterDns(int dns) {
        if (!serviceOk || problems.failed(DNS)) {
            return;
        }
        String shown = Problems.quote(Ipv4.format(dns));
        if (!services.contains(dns) && !problems.isWritten(DNS)) {
            // the default no longer fits: the key to look at is the one the user changed
            problems.error(SERVICE, q(services) + " does not contain k3s.clusterDns " + shown
                    + " (the default); set k3s.clusterDns to an address inside it, e.g. "
                    + Problems.quote(Ipv4.format(services.network() + 10)));
        } else if (!services.contains(dns)) {
            problems.error(DNS, shown + " is not inside k3s.serviceCidr " + q(services));
        } else if (dns == services.network() || dns == services.last()) {
            problems.error(DNS, shown + " is the network or broadcast address of k3s.serviceCidr " + q(services));
        } else if (dns == services.network() + 1) {
            problems.error(DNS, shown + " is the first address of k3s.serviceCidr, which Kubernetes gives to"
                    + " the 'kubernetes' service (use e.g. " + Problems.quote(Ipv4.format(services.network() + 10)) + ")");
        }
    }

    private void hostAddresses() {
        for (PlacedHost host : topology.hosts()) {
            KeyPath addressPath = host.path().key("address");
            Optional<String> inside = Optional.empty();
            if (clusterOk && pods.contains(host.addressBits())) {
                inside = Optional.of("k3s.clusterCidr " + q(pods));
            } else if (serviceOk && services.contains(host.addressBits())) {
                inside = Optional.of("k3s.serviceCidr " + q(services));
            }
            inside.ifPresent(network -> problems.error(addressPath, Problems.quote(host.spec().address()) + " is inside "
                    + network + "; host addresses must be outside the pod and service networks"));
        }
    }

    private static String q(Ipv4Cidr cidr) {
        return Problems.quote(cidr.toString());
    }

    private static Ipv4Cidr cidr(String text) {
        try {
            return Ipv4Cidr.parse(text);
        } catch (InvalidValueException e) {
            throw new IllegalStateException("a parsed CIDR is valid: " + text, e);
        }
    }

    private static int ip(String text) {
        try {
            return Ipv4.parse(text);
        } catch (InvalidValueException e) {
            throw new IllegalStateException("a parsed address is valid: " + text, e);
        }
    }
}
