package org.gardenos.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rules that span sections: which roles must exist, the K3s server API port, ports on one host, and the pod and
 * service networks. They run after every section is read, so the values they compare are typed already.
 */
final class TopologyRules {
    static final int SERVER_API_PORT = 6443;
    static final int SERVER_API_PORT_BEHIND_LOCAL_LB = 7443;
    static final int KUBELET_PORT = 10250;
    /** K3s gives every node a /24 of the pod network (kube-controller-manager's node-cidr-mask-size). */
    static final int NODE_POD_PREFIX = 24;
    /** kube-apiserver refuses a service network larger than /12 for IPv4. */
    static final int LARGEST_SERVICE_PREFIX = 12;

    private static final KeyPath HOSTS = KeyPath.ROOT.key("hosts");
    private static final KeyPath SSH_PORT = KeyPath.ROOT.key("ssh").key("port");
    private static final KeyPath ETCD_CLIENT = KeyPath.ROOT.key("etcd").key("clientPort");
    private static final KeyPath ETCD_PEER = KeyPath.ROOT.key("etcd").key("peerPort");
    private static final KeyPath LB_API = KeyPath.ROOT.key("loadBalancer").key("apiPort");
    private static final KeyPath LB_STATS = KeyPath.ROOT.key("loadBalancer").key("statsPort");
    private static final KeyPath K3S = KeyPath.ROOT.key("k3s");
    private static final KeyPath SERVER_API = K3S.key("serverApiPort");

    /** One port a host listens on, and the inventory key that decides it (fixed ports have a null key). */
    private record PortUse(int port, KeyPath key, String what) {
    }

    private final Problems problems;
    private final List<HostsSection.ParsedHost> hosts;
    private final boolean allHostsRead;

    private TopologyRules(Problems problems, List<HostsSection.ParsedHost> hosts, boolean allHostsRead) {
        this.problems = problems;
        this.hosts = hosts;
        this.allHostsRead = allHostsRead;
    }

    /**
     * Checks the cross-section rules and returns the effective {@code k3s.serverApiPort}.
     *
     * @param allHostsRead false when some host entry had errors: rules that count hosts are then skipped, since
     *                     their answer would be wrong
     */
    static int check(Problems problems, List<HostsSection.ParsedHost> hosts, boolean allHostsRead, SshSettings ssh,
                     EtcdSettings etcd, K3sSection.Parsed k3s, LoadBalancerSettings loadBalancer) {
        TopologyRules rules = new TopologyRules(problems, hosts, allHostsRead);
        rules.roles();
        int serverApiPort = rules.serverApiPort(k3s, loadBalancer);
        rules.ports(ssh, etcd, loadBalancer, serverApiPort);
        rules.networks(k3s);
        return serverApiPort;
    }

    private List<HostsSection.ParsedHost> with(Role role) {
        return hosts.stream().filter(h -> h.spec().has(role)).toList();
    }

    private void roles() {
        if (!allHostsRead || hosts.isEmpty()) {
            return;
        }
        List<String> lacking = List.of(Role.ETCD, Role.SERVER).stream()
                .filter(role -> with(role).isEmpty())
                .map(role -> Problems.quote(role.yamlName()))
                .toList();
        if (!lacking.isEmpty()) {
            problems.error(HOSTS, "no host has the role " + String.join(" or ", lacking)
                    + " (at least one etcd and one server host are needed)");
        }
        int etcdMembers = with(Role.ETCD).size();
        if (etcdMembers > 0 && etcdMembers % 2 == 0) {
            problems.warn(HOSTS, etcdMembers + " hosts have the role 'etcd': an even number of members tolerates no"
                    + " more failures than " + (etcdMembers - 1) + " (prefer an odd number)");
        }
    }

    /**
     * K3s servers listen on 6443 unless a host is both lb and server: HAProxy owns loadBalancer.apiPort there, so the
     * servers move to 7443. An explicit port equal to loadBalancer.apiPort on such a host would never start.
     */
    private int serverApiPort(K3sSection.Parsed k3s, LoadBalancerSettings loadBalancer) {
        List<String> lbServers = hosts.stream()
                .filter(h -> h.spec().has(Role.LB) && h.spec().has(Role.SERVER))
                .map(h -> h.spec().name())
                .toList();
        if (k3s.explicitServerApiPort().isEmpty()) {
            return lbServers.isEmpty() ? SERVER_API_PORT : SERVER_API_PORT_BEHIND_LOCAL_LB;
        }
        int port = k3s.explicitServerApiPort().getAsInt();
        if (!lbServers.isEmpty() && port == loadBalancer.apiPort() && !problems.failed(LB_API)) {
            problems.error(SERVER_API, "port " + port + " is loadBalancer.apiPort, which HAProxy owns on "
                    + String.join(", ", lbServers) + " (lb and server); leave k3s.serverApiPort out (it then defaults to "
                    + SERVER_API_PORT_BEHIND_LOCAL_LB + ") or pick another port");
        }
        return port;
    }

    private void ports(SshSettings ssh, EtcdSettings etcd, LoadBalancerSettings loadBalancer, int serverApiPort) {
        // each conflicting pair once, naming every host where it happens
        Map<List<String>, List<String>> conflicts = new LinkedHashMap<>();
        Map<List<String>, PortUse[]> pairs = new LinkedHashMap<>();
        for (HostsSection.ParsedHost host : hosts) {
            List<PortUse> uses = usesOn(host.spec(), ssh, etcd, loadBalancer, serverApiPort);
            for (int i = 0; i < uses.size(); i++) {
                for (int j = i + 1; j < uses.size(); j++) {
                    PortUse a = uses.get(i);
                    PortUse b = uses.get(j);
                    if (a.port() == b.port() && !failed(a) && !failed(b) && !isServerApiBehindLb(a, b)) {
                        List<String> pair = List.of(a.what(), b.what());
                        conflicts.computeIfAbsent(pair, k -> new ArrayList<>()).add(host.spec().name());
                        pairs.putIfAbsent(pair, new PortUse[] {a, b});
                    }
                }
            }
        }
        conflicts.forEach((pair, hostNames) -> {
            PortUse[] uses = pairs.get(pair);
            PortUse reported = reportAt(uses[0], uses[1]);
            PortUse other = reported == uses[0] ? uses[1] : uses[0];
            String defaulted = problems.isWritten(reported.key()) ? "" : " (the default)";
            String derived = reported.what().equals(reported.key().toString()) ? "" : " (" + reported.what() + ")";
            problems.error(reported.key(), "port " + reported.port() + defaulted + derived + " is also " + other.what() + " on "
                    + String.join(", ", hostNames) + "; the ports a host listens on must differ");
        });
        if (serverApiPort == 65535 && !with(Role.SERVER).isEmpty()) {
            problems.error(SERVER_API, "port 65535 leaves no port for K3s's internal kube-apiserver (k3s.serverApiPort + 1)");
        }
    }

    private static List<PortUse> usesOn(HostSpec host, SshSettings ssh, EtcdSettings etcd,
                                        LoadBalancerSettings loadBalancer, int serverApiPort) {
        List<PortUse> uses = new ArrayList<>();
        uses.add(new PortUse(ssh.port(), SSH_PORT, "ssh.port"));
        if (host.has(Role.ETCD)) {
            uses.add(new PortUse(etcd.clientPort(), ETCD_CLIENT, "etcd.clientPort"));
            uses.add(new PortUse(etcd.peerPort(), ETCD_PEER, "etcd.peerPort"));
        }
        if (host.has(Role.LB)) {
            uses.add(new PortUse(loadBalancer.apiPort(), LB_API, "loadBalancer.apiPort"));
            uses.add(new PortUse(loadBalancer.statsPort(), LB_STATS, "loadBalancer.statsPort"));
        }
        if (host.has(Role.SERVER)) {
            uses.add(new PortUse(serverApiPort, SERVER_API, "k3s.serverApiPort"));
            // K3s serves its own listener on the API port and moves the embedded kube-apiserver to the next one
            uses.add(new PortUse(serverApiPort + 1, SERVER_API, "K3s's internal kube-apiserver port (k3s.serverApiPort + 1)"));
        }
        if (host.has(Role.SERVER) || host.has(Role.AGENT)) {
            uses.add(new PortUse(KUBELET_PORT, null, "the kubelet's port " + KUBELET_PORT));
        }
        return uses;
    }

    private boolean failed(PortUse use) {
        return use.key() != null && problems.failed(use.key());
    }

    /** Already reported by {@link #serverApiPort} with a better message. */
    private static boolean isServerApiBehindLb(PortUse a, PortUse b) {
        return (SERVER_API.equals(a.key()) && LB_API.equals(b.key())) || (LB_API.equals(a.key()) && SERVER_API.equals(b.key()));
    }

    /** Report where the user can fix it: a key written in the file, the later one when both are. */
    private PortUse reportAt(PortUse a, PortUse b) {
        if (a.key() == null) {
            return b;
        }
        if (b.key() == null) {
            return a;
        }
        boolean aWritten = problems.isWritten(a.key());
        boolean bWritten = problems.isWritten(b.key());
        if (aWritten != bWritten) {
            return aWritten ? a : b;
        }
        return problems.locate(a.key()).compareTo(problems.locate(b.key())) > 0 ? a : b;
    }

    private static String q(Ipv4Cidr cidr) {
        return Problems.quote(cidr.toString());
    }

    private void networks(K3sSection.Parsed k3s) {
        KeyPath clusterPath = K3S.key("clusterCidr");
        KeyPath servicePath = K3S.key("serviceCidr");
        KeyPath dnsPath = K3S.key("clusterDns");
        boolean clusterOk = !problems.failed(clusterPath);
        boolean serviceOk = !problems.failed(servicePath);
        Ipv4Cidr pods = k3s.clusterCidr();
        Ipv4Cidr services = k3s.serviceCidr();

        if (clusterOk && pods.prefix() > NODE_POD_PREFIX) {
            problems.error(clusterPath, q(pods) + " is smaller than one node's /" + NODE_POD_PREFIX
                    + " pod range; use a /" + NODE_POD_PREFIX + " or larger network");
        } else if (clusterOk && allHostsRead) {
            long k3sNodes = hosts.stream().filter(h -> h.spec().has(Role.SERVER) || h.spec().has(Role.AGENT)).count();
            long room = 1L << (NODE_POD_PREFIX - pods.prefix());
            if (k3sNodes > room) {
                problems.error(clusterPath, q(pods) + " has room for " + room + " node pod ranges (/" + NODE_POD_PREFIX
                        + " each) but " + k3sNodes + " hosts run K3s");
            }
        }
        if (serviceOk && services.prefix() < LARGEST_SERVICE_PREFIX) {
            problems.error(servicePath, q(services) + " is larger than Kubernetes allows for services (at most a /"
                    + LARGEST_SERVICE_PREFIX + ")");
        }
        if (clusterOk && serviceOk && pods.overlaps(services)) {
            KeyPath at = problems.isWritten(servicePath) ? servicePath : clusterPath;
            Ipv4Cidr other = at.equals(servicePath) ? pods : services;
            String otherKey = at.equals(servicePath) ? "k3s.clusterCidr" : "k3s.serviceCidr";
            problems.error(at, q(at.equals(servicePath) ? services : pods) + " overlaps " + otherKey + " " + q(other)
                    + "; the pod and service networks must not overlap");
        }
        if (serviceOk && !problems.failed(dnsPath)) {
            int dns = k3s.clusterDns();
            String shown = Problems.quote(Ipv4.format(dns));
            if (!services.contains(dns) && !problems.isWritten(dnsPath)) {
                // the default no longer fits: the key to look at is the one the user changed
                problems.error(servicePath, q(services) + " does not contain k3s.clusterDns " + shown
                        + " (the default); set k3s.clusterDns to an address inside it, e.g. "
                        + Problems.quote(Ipv4.format(services.network() + 10)));
            } else if (!services.contains(dns)) {
                problems.error(dnsPath, shown + " is not inside k3s.serviceCidr " + q(services));
            } else if (dns == services.network() || dns == services.last()) {
                problems.error(dnsPath, shown + " is the network or broadcast address of k3s.serviceCidr " + q(services));
            } else if (dns == services.network() + 1) {
                problems.error(dnsPath, shown + " is the first address of k3s.serviceCidr, which Kubernetes gives to"
                        + " the 'kubernetes' service (use e.g. " + Problems.quote(Ipv4.format(services.network() + 10)) + ")");
            }
        }
        for (HostsSection.ParsedHost host : hosts) {
            KeyPath addressPath = host.path().key("address");
            Optional<String> inside = Optional.empty();
            if (clusterOk && pods.contains(host.addressBits())) {
                inside = Optional.of("k3s.clusterCidr " + q(pods));
            } else if (serviceOk && services.contains(host.addressBits())) {
                inside = Optional.of("k3s.serviceCidr " + q(services));
            }
            inside.ifPresent(network -> problems.error(addressPath, Problems.quote(host.spec().address()) + " is inside " + network
                    + "; host addresses must be outside the pod and service networks"));
        }
    }
}
