package org.gardenos.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.cluster.Member;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.gardenos.artifact.ReleaseArtifact;
import org.gardenos.engine.Change;
import org.gardenos.engine.Target;
import org.gardenos.etcd.client.EtcdConnection;
import org.gardenos.etcd.settings.EtcdSection;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.remote.RemoteHostConnector;
import org.gardenos.state.StateDir;
import org.gardenos.testkit.etcd.EtcdPrerequisites;
import org.gardenos.testkit.etcd.LocalEtcdCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 item 7: pruning a member whose peer URL names an address outside the inventory removes it from the
 * membership and opens no connection to that address. Real etcd (3 members, plain HTTP, loopback); the connector is
 * a recording stand-in that fails every connect, so any attempt shows.
 */
class EtcdStaleMembersTest {
    @TempDir
    Path dir;

    @Test
    void aMemberListNamingAForeignAddressGetsNoConnection() throws Exception {
        EtcdPrerequisites.requireEtcd();
        try (LocalEtcdCluster cluster = LocalEtcdCluster.builder().members(3).build().start()) {
            // what a hostile or stale member list may say: a member on an address no inventory host has (on loopback,
            // where nothing listens: the members dial it, and tests send traffic to this machine only)
            String foreign = "http://127.0.250.66:2380";
            EtcdConnection plain = EtcdConnection.plain(cluster.endpoints()).withTimeout(java.time.Duration.ofSeconds(10));
            try (Client c = plain.open()) {
                // retried while etcd says "unhealthy cluster" (its strict reconfiguration check right after start)
                EtcdMembership.add(c, foreign, java.time.Duration.ofSeconds(30));
            }
            List<HostSpec> hosts = cluster.members().stream()
                    .map(m -> EtcdLayerPlaysTest.host(m.name(), m.address(), EtcdSection.ROLE)).toList();
            Inventory inventory = EtcdLayerPlaysTest.inventory(false, hosts);
            List<String> connects = new ArrayList<>();
            RemoteHostConnector recording = h -> {
                connects.add(h.name() + "@" + h.address());
                throw new IllegalStateException("stand-in: no SSH in this test");
            };
            EtcdRun run = new EtcdRun(inventory, ReleaseArtifact.withCache(dir.resolve("cache")),
                    EtcdTimeouts.defaults());
            EtcdStaleMembers prune = new EtcdStaleMembers(run, Optional.of(recording));
            Target t = new Target(hosts.get(0), null, inventory, StateDir.open(dir.resolve("state")));

            Change change = prune.check(t);
            assertThat(change.detail()).contains("127.0.250.66");
            prune.apply(t, change);

            assertThat(connects).isEmpty();
            try (Client c = plain.open()) {
                assertThat(c.getClusterClient().listMember().get(10, TimeUnit.SECONDS).getMembers())
                        .extracting(Member::getName).containsExactlyInAnyOrder("etcd-1", "etcd-2", "etcd-3");
            }
            assertThat(prune.check(t).action()).isEqualTo(org.gardenos.engine.ChangeAction.NONE);
        }
    }
}
