package org.gardenos.nspawn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.gardenos.testkit.Prerequisites;
import org.junit.jupiter.api.Test;

/** The host network on this machine (root; boots no host). */
class HostNetworkTest {
    private static final String STALE_MAC = "02:00:5e:10:00:01";

    @Test
    void aReusedAddressStartsWithoutTheOldHostsArpEntry() {
        Prerequisites.requireRoot();
        Prerequisites.requireCommands("ip");
        RunRegistry.Run run = RunRegistry.register(1);
        String address = run.addresses().get(0);
        try {
            // what the previous owner of the address leaves in this machine's ARP cache while the bridge stays
            ip("neigh", "replace", address, "lladdr", STALE_MAC, "dev", HostNetwork.BRIDGE, "nud", "reachable");
            assertThat(neighbours(address)).contains(STALE_MAC);

            HostNetwork.createHostLink(run.id(), 1, address);

            assertThat(neighbours(address)).doesNotContain(STALE_MAC);
        } finally {
            HostNetwork.deleteHostLink(run.id(), 1);
            RunRegistry.release(run);
        }
    }

    private static String neighbours(String address) {
        return ip("neigh", "show", "dev", HostNetwork.BRIDGE, "to", address);
    }

    private static String ip(String... args) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        LocalCommand.Result r = LocalCommand.run(command);
        r.requireOk();
        return r.stdout();
    }
}
