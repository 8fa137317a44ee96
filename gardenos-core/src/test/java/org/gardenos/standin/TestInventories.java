package org.gardenos.standin;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.inventory.Role;
import org.gardenos.inventory.SshSettings;
import org.gardenos.etcd.EtcdSection;
import org.gardenos.k3s.K3sSection;

/** Small inventories for tests; addresses are loopback and never contacted by these tests. */
public final class TestInventories {
    private TestInventories() {
    }

    public static HostSpec host(String name, String address, Role... roles) {
        return new HostSpec(name, address, Set.of(roles), Map.of());
    }

    public static Inventory of(HostSpec... hosts) {
        return new Inventory(Path.of("gardenos.yaml"), "test",
                new SshSettings("root", 22, Path.of("id_ed25519"), Path.of("known_hosts"), Duration.ofSeconds(5),
                        Duration.ofMinutes(5)),
                List.copyOf(Arrays.asList(hosts)), null, null, null);
    }

    /** node-1 .. node-N on 127.0.0.11 ... */
    public static Inventory nodes(int count) {
        HostSpec[] hosts = new HostSpec[count];
        for (int i = 0; i < count; i++) {
            hosts[i] = host("node-" + (i + 1), "127.0.0." + (11 + i), EtcdSection.ROLE, K3sSection.SERVER);
        }
        return of(hosts);
    }
}
