package org.gardenos.k3s;

import org.gardenos.k3s.yaml.Yamls;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.gardenos.error.InputException;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.pki.EtcdClientCredentials;
import org.gardenos.lb.settings.LoadBalancerSection;
import org.gardenos.k3s.settings.K3sSection;
import org.gardenos.k3s.settings.K3sSettings;

/**
 * One host's {@code /etc/rancher/k3s/config.yaml}, as a value. Servers run on the external etcd: they get
 * {@code datastore-endpoint} and the client certificate paths, and no {@code server:} key (k3s issue 2914).
 * Agents join through the load balancer ({@code server:}). Neither carries the token: it lives in the 0600
 * environment file, so config.yaml can be read without revealing it.
 *
 * <p>Settings that must match on every server (CIDRs, cluster DNS, the disable list) come from the single
 * {@code k3s:} section, so they cannot differ between servers.
 */
public record K3sNodeConfig(Mode mode, String nodeName, String nodeIp, Optional<String> server,
                            Optional<Datastore> datastore, int httpsListenPort, List<String> tlsSans,
                            String clusterCidr, String serviceCidr, String clusterDns, List<String> disable,
                            List<String> nodeLabels, List<String> nodeTaints) {
    public enum Mode { SERVER, AGENT }

    /** The taint that keeps workloads off dedicated (non-hybrid) servers while K3s's add-ons still run there. */
    public static final String DEDICATED_SERVER_TAINT = K3sSettings.DEDICATED_SERVER_TAINT;

    /** Add-ons K3s knows for {@code --disable}. */
    public static final Set<String> KNOWN_ADDONS =
            Set.of("coredns", "servicelb", "traefik", "local-storage", "metrics-server", "runtimes");

    /** External etcd: endpoint URLs and the client certificate files on the host. */
    public record Datastore(List<String> endpoints, Optional<String> caFile, Optional<String> certFile,
                            Optional<String> keyFile) {
        public Datastore {
            endpoints = List.copyOf(endpoints);
        }
    }

    public K3sNodeConfig {
        tlsSans = List.copyOf(tlsSans);
        disable = List.copyOf(disable);
        nodeLabels = List.copyOf(nodeLabels);
        nodeTaints = List.copyOf(nodeTaints);
    }

    public static K3sNodeConfig forServer(Inventory inventory, HostSpec host, EtcdClientCredentials etcd) {
        if (!host.has(K3sSection.SERVER)) {
            throw new IllegalArgumentException(host.name() + " has no role server");
        }
        K3sSettings k3s = inventory.section(K3sSettings.class);
        validateShared(inventory);
        List<String> sans = new ArrayList<>();
        for (HostSpec lb : inventory.hostsWith(LoadBalancerSection.ROLE)) {
            addOnce(sans, lb.address());
            addOnce(sans, lb.name());
        }
        return new K3sNodeConfig(Mode.SERVER, host.name(), host.address(), Optional.empty(),
                Optional.of(datastore(inventory, etcd)), k3s.serverApiPort(), sans, k3s.clusterCidr(), k3s.serviceCidr(),
                k3s.clusterDns(), k3s.disable(), labels(host),
                k3s.hybrid() ? List.of() : List.of(DEDICATED_SERVER_TAINT));
    }

    public static K3sNodeConfig forAgent(Inventory inventory, HostSpec host) {
        if (!host.has(K3sSection.AGENT)) {
            throw new IllegalArgumentException(host.name() + " has no role agent");
        }
        K3sSettings k3s = inventory.section(K3sSettings.class);
        return new K3sNodeConfig(Mode.AGENT, host.name(), host.address(),
                Optional.of(ApiEndpoint.of(inventory).url()), Optional.empty(), 0, List.of(), k3s.clusterCidr(),
                k3s.serviceCidr(), k3s.clusterDns(), List.of(), labels(host), List.of());
    }

    /** The etcd client URLs K3s connects to: every etcd host, https with client certificates when etcd uses TLS. */
    static Datastore datastore(Inventory inventory, EtcdClientCredentials etcd) {
        List<String> urls = etcd.endpoints(inventory);
        if (urls.isEmpty()) {
            throw new InputException(where(inventory) + ": hosts: no host has role 'etcd'; K3s servers need the external etcd");
        }
        return etcd.tls(inventory)
                ? new Datastore(urls, Optional.of(K3sPaths.ETCD_CA), Optional.of(K3sPaths.ETCD_CERT),
                        Optional.of(K3sPaths.ETCD_KEY))
                : new Datastore(urls, Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static void validateShared(Inventory inventory) {
        List<String> problems = new ArrayList<>();
        for (String addon : inventory.section(K3sSettings.class).disable()) {
            if (!KNOWN_ADDONS.contains(addon)) {
                problems.add(where(inventory) + ": k3s.disable: '" + addon + "' is not a K3s packaged component ("
                        + String.join(", ", new TreeSet<>(KNOWN_ADDONS)) + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new InputException(problems);
        }
    }

    private static String where(Inventory inventory) {
        return inventory.file() == null ? "inventory" : inventory.file().toString();
    }

    private static List<String> labels(HostSpec host) {
        return new TreeMap<>(host.labels()).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.toList());
    }

    private static void addOnce(List<String> list, String value) {
        if (!list.contains(value)) {
            list.add(value);
        }
    }

    /** The YAML K3s reads. Keys are K3s's flag names without dashes; order is fixed so renders compare by content. */
    public String render() {
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put("node-name", nodeName);
        yaml.put("node-ip", nodeIp);
        server.ifPresent(s -> yaml.put("server", s));
        if (mode == Mode.SERVER) {
            yaml.put("https-listen-port", httpsListenPort);
            if (!tlsSans.isEmpty()) {
                yaml.put("tls-san", tlsSans);
            }
            datastore.ifPresent(d -> {
                yaml.put("datastore-endpoint", String.join(",", d.endpoints()));
                d.caFile().ifPresent(f -> yaml.put("datastore-cafile", f));
                d.certFile().ifPresent(f -> yaml.put("datastore-certfile", f));
                d.keyFile().ifPresent(f -> yaml.put("datastore-keyfile", f));
            });
            yaml.put("cluster-cidr", clusterCidr);
            yaml.put("service-cidr", serviceCidr);
            yaml.put("cluster-dns", clusterDns);
            if (!disable.isEmpty()) {
                yaml.put("disable", disable);
            }
            // the admin kubeconfig holds a client key
            yaml.put("write-kubeconfig-mode", "0600");
            // Secrets encrypted at rest in etcd (an etcd snapshot or a datastore client cannot read them)
            yaml.put("secrets-encryption", true);
        }
        if (!nodeLabels.isEmpty()) {
            yaml.put("node-label", nodeLabels);
        }
        if (!nodeTaints.isEmpty()) {
            yaml.put("node-taint", nodeTaints);
        }
        return "# Managed by GardenOS (layer k3s); the next converge replaces local edits.\n"
                + "# The token is not here: it is in " + K3sPaths.ENV_FILE + " (0600).\n"
                + Yamls.write(yaml);
    }
}
