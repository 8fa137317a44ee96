package org.gardenos.testsupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.inventory.Role;
import org.gardenos.inventory.SshSettings;
import org.gardenos.pki.EtcdClientCredentials;
import org.gardenos.k3s.settings.K3sSettings;
import org.gardenos.lb.settings.LoadBalancerSettings;
import org.gardenos.k3s.settings.K3sSection;
import org.gardenos.lb.settings.LoadBalancerSection;

/** Inventories built as records, for pure model tests (addresses from the documentation range only). */
public final class TestInventories {
    private TestInventories() {
    }

    public static HostSpec host(String name, String address, Set<Role> roles, Map<String, String> labels) {
        return new HostSpec(name, address, new java.util.LinkedHashSet<>(roles), labels);
    }

    private static Set<Role> orderedRoles(Role... roles) {
        return new java.util.LinkedHashSet<>(List.of(roles));
    }

    /** lb1 in front of three hybrid servers that also run etcd, plus one agent. */
    public static Inventory threeServers() {
        return inventory(List.of(
                host("lb1", "203.0.113.10", Set.of(LoadBalancerSection.ROLE), Map.of()),
                host("s1", "203.0.113.11", orderedRoles(StandInEtcd.ROLE, K3sSection.SERVER), Map.of("gardenos.io/tier", "db")),
                host("s2", "203.0.113.12", orderedRoles(StandInEtcd.ROLE, K3sSection.SERVER), Map.of()),
                host("s3", "203.0.113.13", orderedRoles(StandInEtcd.ROLE, K3sSection.SERVER), Map.of()),
                host("a1", "203.0.113.21", Set.of(K3sSection.AGENT), Map.of("gardenos.io/tier", "apps"))),
                k3s(true, List.of("traefik"), 6443));
    }

    /** The etcd module's part, played by a stand-in (k3s does not depend on gardenos-etcd). */
    public static final EtcdClientCredentials ETCD = new StandInEtcd.Credentials();

    public static Inventory inventory(List<HostSpec> hosts, K3sSettings k3s) {
        return Inventory.builder()
                .ssh(new SshSettings("root", 22, Path.of("/nonexistent/id"), Path.of("/nonexistent/known_hosts"),
                        Duration.ofSeconds(5), Duration.ofSeconds(60)))
                .hosts(hosts)
                .section(new StandInEtcd.Settings(true, 2379))
                .section(k3s)
                .section(new LoadBalancerSettings(6443, 8404))
                .build();
    }

    public static K3sSettings k3s(boolean hybrid, List<String> disable, int serverApiPort) {
        return new K3sSettings("v1.33.1+k3s1", "10.42.0.0/16", "10.43.0.0/16", "10.43.0.10", hybrid, disable,
                serverApiPort, Optional.empty(), Optional.empty(), "https://example.invalid/k3s");
    }
}
