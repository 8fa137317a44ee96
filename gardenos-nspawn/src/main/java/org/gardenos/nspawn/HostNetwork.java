package org.gardenos.nspawn;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The test hosts' private network: one bridge on this machine ({@value #BRIDGE}, {@value #BRIDGE_ADDRESS}/24) and,
 * per host, a network namespace {@code gos-RUN-N} holding one end of a veth pair ({@code eth0} inside, {@code
 * gosRUNN} on the bridge). No uplink, no NAT, no default route: hosts reach this machine and each other, nothing else.
 * Every name starts with {@code gos} so leftovers can be found.
 */
final class HostNetwork {
    static final String BRIDGE = "gosbr0";
    static final String SUBNET_PREFIX = "10.213.77.";
    static final String BRIDGE_ADDRESS = SUBNET_PREFIX + "1";
    static final int PREFIX_LENGTH = 24;
    static final int FIRST_HOST = 11;
    static final int LAST_HOST = 254;

    private HostNetwork() {
    }

    static String netns(String runId, int index) {
        return netnsPrefix(runId) + index;
    }

    /** The common start of a run's namespace (and container machine) names: {@code gos-RUN-}. */
    static String netnsPrefix(String runId) {
        return "gos-" + runId + "-";
    }

    /** Host-side veth name; at most 15 characters (3 + 6-character run id + index). */
    static String veth(String runId, int index) {
        return "gos" + runId + index;
    }

    /** The lowest {@code count} free host addresses of the subnet, given the ones other runs hold. */
    static List<String> allocate(Collection<String> used, int count) {
        List<String> result = new ArrayList<>();
        for (int i = FIRST_HOST; i <= LAST_HOST && result.size() < count; i++) {
            String candidate = SUBNET_PREFIX + i;
            if (!used.contains(candidate)) {
                result.add(candidate);
            }
        }
        if (result.size() < count) {
            throw new NspawnException("no room for " + count + " more hosts in " + SUBNET_PREFIX + "0/" + PREFIX_LENGTH
                    + " (" + used.size() + " addresses held by running test host sets)");
        }
        return result;
    }

    /** Creates the bridge when absent; refuses when another interface already uses the subnet. */
    static void ensureBridge() {
        for (String line : ip("-o", "-4", "addr", "show").stdout().split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 3 && f[3].startsWith(SUBNET_PREFIX) && !f[1].equals(BRIDGE)) {
                throw new NspawnException("the test hosts' subnet " + SUBNET_PREFIX + "0/" + PREFIX_LENGTH
                        + " is already used by interface " + f[1] + " (" + f[3] + "); remove it or free the subnet");
            }
        }
        if (!linkExists(BRIDGE)) {
            ip("link", "add", BRIDGE, "type", "bridge").requireOk();
        }
        String addr = BRIDGE_ADDRESS + "/" + PREFIX_LENGTH;
        if (!ip("-o", "-4", "addr", "show", "dev", BRIDGE).stdout().contains(" " + addr + " ")) {
            ip("addr", "add", addr, "dev", BRIDGE).requireOk();
        }
        ip("link", "set", BRIDGE, "up").requireOk();
    }

    static void removeBridge() {
        if (linkExists(BRIDGE)) {
            ip("link", "del", BRIDGE).requireOk();
        }
    }

    /** Namespace + veth pair for one host, its address set from outside (no network config inside the host). */
    static void createHostLink(String runId, int index, String address) {
        String ns = netns(runId, index);
        String veth = veth(runId, index);
        ip("netns", "add", ns).requireOk();
        ip("link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns).requireOk();
        ip("link", "set", veth, "master", BRIDGE, "up").requireOk();
        ip("-n", ns, "link", "set", "lo", "up").requireOk();
        ip("-n", ns, "addr", "add", address + "/" + PREFIX_LENGTH, "dev", "eth0").requireOk();
        ip("-n", ns, "link", "set", "eth0", "up").requireOk();
        forgetNeighbour(address);
    }

    /**
     * Drops this machine's ARP entry for a reused address. While other runs keep the bridge, the entry of the host
     * that had the address before (another MAC) stays and, if still REACHABLE, is used without re-checking for up
     * to 45 s (the kernel's reachable time): the new host was measured to answer only 20 to 50 s after it booted.
     */
    static void forgetNeighbour(String address) {
        ip("neigh", "flush", "dev", BRIDGE, "to", address).requireOk();
    }

    /** Removes the namespace (which destroys both veth ends) and the host-side end if it survived. */
    static void deleteHostLink(String runId, int index) {
        deleteNetns(netns(runId, index));
        deleteLink(veth(runId, index));
    }

    static void deleteNetns(String ns) {
        if (netnsList().contains(ns)) {
            LocalCommand.Result r = ip("netns", "del", ns);
            if (!r.ok() && netnsList().contains(ns)) {
                r.requireOk();
            }
        }
    }

    /** Deletes a link; one that vanished meanwhile is fine (a veth dies with its peer's namespace, asynchronously). */
    static void deleteLink(String name) {
        if (linkExists(name)) {
            LocalCommand.Result r = ip("link", "del", name);
            if (!r.ok() && linkExists(name)) {
                r.requireOk();
            }
        }
    }

    /**
     * Routes {@code subnet} through {@code gateway} (an address on the bridge) inside a host's namespace, e.g. a
     * Kubernetes node's pod subnet through that node: hosts have no default route, so without it a pod's packets
     * arrive but the answers have no way back. Goes with the namespace.
     */
    static void addRoute(String runId, int index, String subnet, String gateway) {
        ip("-n", netns(runId, index), "route", "replace", subnet, "via", gateway).requireOk();
    }

    /** Takes the host off the bridge: its veth end goes down, so nothing reaches it and it reaches nothing. */
    static void cut(String runId, int index) {
        ip("link", "set", veth(runId, index), "down").requireOk();
    }

    static void restore(String runId, int index) {
        ip("link", "set", veth(runId, index), "master", BRIDGE, "up").requireOk();
    }

    static List<String> netnsList() {
        List<String> names = new ArrayList<>();
        for (String line : ip("netns", "list").stdout().split("\n")) {
            if (!line.isBlank()) {
                names.add(line.trim().split("\\s+")[0]);
            }
        }
        return names;
    }

    /** Names of the links of this machine's namespace ({@code ip -o link} prints {@code N: NAME@PEER: ...}). */
    static List<String> links() {
        List<String> names = new ArrayList<>();
        for (String line : ip("-o", "link", "show").stdout().split("\n")) {
            String[] f = line.split(":\\s+", 3);
            if (f.length > 1) {
                String name = f[1];
                int at = name.indexOf('@');
                names.add(at < 0 ? name : name.substring(0, at));
            }
        }
        return names;
    }

    static boolean linkExists(String name) {
        return links().contains(name);
    }

    private static LocalCommand.Result ip(String... args) {
        List<String> command = new ArrayList<>();
        command.add("ip");
        command.addAll(List.of(args));
        return LocalCommand.run(command);
    }
}
