package org.gardenos.k3s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.remote.RemoteHostConnector;
import org.gardenos.standin.InMemoryHostStandIn;
import org.gardenos.testsupport.TestInventories;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 item 10, the K3s side: around an etcd restore every server's K3s is stopped, then started one server at a
 * time (a blocking {@code systemctl start}, so the next waits for the previous). Hosts are in-memory stand-ins
 * recording the commands; the etcd side's order is tested on real hosts in EtcdLayerOnDebianHostsTest.
 */
class K3sRestoreParticipantTest {
    @Test
    void everyServerIsStoppedThenStartedOneAtATime() {
        Inventory inv = TestInventories.threeServers();
        Map<String, InMemoryHostStandIn> hosts = new java.util.LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        RemoteHostConnector connector = h -> hosts.computeIfAbsent(h.name(), n -> InMemoryHostStandIn.succeeding(n)
                .on(c -> true, c -> {
                    order.add(h.name() + ": " + c);
                    return hosts.get(h.name()).result(c, 0, "", "");
                }));
        K3sRestoreParticipant k3s = new K3sRestoreParticipant();

        k3s.stopAll(inv, connector);
        k3s.startOneAtATime(inv, connector);

        List<String> servers = inv.hostsWith(org.gardenos.k3s.settings.K3sSection.SERVER).stream()
                .map(HostSpec::name).toList();
        assertThat(servers).hasSize(3);
        List<String> expected = new ArrayList<>();
        servers.forEach(s -> expected.add(s + ": systemctl stop gardenos-k3s.service"));
        servers.forEach(s -> expected.add(s + ": systemctl start gardenos-k3s.service"));
        assertThat(order).containsExactlyElementsOf(expected);
    }
}
