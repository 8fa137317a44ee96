package org.gardenos.testsupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.inventory.Role;
import org.gardenos.inventory.SshSettings;
import org.gardenos.lb.ApiServerBackend;
import org.gardenos.lb.LoadBalancedBackends;
import org.gardenos.lb.settings.LoadBalancerSection;
import org.gardenos.lb.settings.LoadBalancerSettings;

/**
 * Inventories built in code for the lb module's model tests (addresses from the documentation range only). The lb
 * module does not know who runs the API servers: {@link StandInBackends} plays the k3s module's part.
 */
public final class TestInventories {
    /** The k3s module's server role, as an open value (the lb module does not depend on k3s). */
    public static final Role SERVER = Role.of("server");
    public static final Role AGENT = Role.of("agent");
    public static final Role ETCD = Role.of("etcd");
    public static final Role LB = LoadBalancerSection.ROLE;

    private TestInventories() {
    }

    public static HostSpec host(String name, String address, Set<Role> roles, Map<String, String> labels) {
        return new HostSpec(name, address, new LinkedHashSet<>(roles), labels);
    }

    /** lb1 in front of three servers that also run etcd, plus one agent. */
    public static Inventory threeServers() {
        return inventory(List.of(
                host("lb1", "203.0.113.10", Set.of(LB), Map.of()),
                host("s1", "203.0.113.11", Set.of(ETCD, SERVER), Map.of()),
                host("s2", "203.0.113.12", Set.of(ETCD, SERVER), Map.of()),
                host("s3", "203.0.113.13", Set.of(ETCD, SERVER), Map.of()),
                host("a1", "203.0.113.21", Set.of(AGENT), Map.of())));
    }

    public static Inventory inventory(List<HostSpec> hosts) {
        return Inventory.builder()
                .ssh(new SshSettings("root", 22, Path.of("/nonexistent/id"), Path.of("/nonexistent/known_hosts"),
                        Duration.ofSeconds(5), Duration.ofSeconds(60)))
                .hosts(hosts)
                .section(LoadBalancerSettings.defaults())
                .build();
    }

    /** Stand-in for the k3s module's backends: every host with role server, on {@code port}. */
    public record StandInBackends(int port) implements LoadBalancedBackends {
        @Override
        public List<ApiServerBackend> backends(Inventory inventory) {
            return inventory.hostsWith(SERVER).stream().map(h -> new ApiServerBackend(h.name(), h.address(), port)).toList();
        }
    }

    public static List<ApiServerBackend> backends(Inventory inventory, int port) {
        return new StandInBackends(port).backends(inventory);
    }
}
