package org.gardenos.standin;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.inventory.Role;
import org.gardenos.inventory.SshSettings;

/** Small inventories for tests; addresses are loopback and never contacted by these tests. */
public final class TestInventories {
    private TestInventories() {
    }

    public static HostSpec host(String name, String address, Role... roles) {
        return HostSpec.of(name, address, roles);
    }

    public static Inventory of(HostSpec... hosts) {
        return Inventory.builder().cluster("test")
                .ssh(new SshSettings("root", 22, Path.of("id_ed25519"), Path.of("known_hosts"), Duration.ofSeconds(5),
                        Duration.ofMinutes(5)))
                .hosts(Arrays.asList(hosts))
                .build();
    }

    /** node-1 .. node-N on 127.0.0.11 ... */
    public static Inventory nodes(int count) {
        HostSpec[] hosts = new HostSpec[count];
        for (int i = 0; i < count; i++) {
            hosts[i] = host("node-" + (i + 1), "127.0.0." + (11 + i), Role.of("etcd"), Role.of("server"));
        }
        return of(hosts);
    }
}
