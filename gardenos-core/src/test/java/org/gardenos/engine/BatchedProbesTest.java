package org.gardenos.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.remote.RemoteHostConnector;
import org.gardenos.resources.FileProbe;
import org.gardenos.resources.ManagedBlock;
import org.gardenos.resources.RemoteFile;
import org.gardenos.standin.StandInConnector;
import org.gardenos.standin.TestInventories;
import org.gardenos.state.StateDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The converger answers checks from one batch of probes per host and play ({@link BatchedProbes}), against the
 * shared STAND-IN host wrapped so that it batches: {@code probeAll} answers each probe from the stand-in and is
 * recorded as one round trip; every other call is recorded as a round trip of its own. The SSH host's script is
 * tested with a real shell in {@code ProbeScriptTest}.
 */
class BatchedProbesTest {
    @TempDir
    Path stateRoot;

    private final StandInConnector standIns = new StandInConnector();
    private final Map<String, BatchingStandIn> hosts = new java.util.concurrent.ConcurrentHashMap<>();

    private Converger converger(Inventory inventory, List<Resource> resources, boolean batching) {
        RemoteHostConnector connector = BatchingStandIn.connector(standIns, hosts, batching);
        TestLayer layer = new TestLayer("base", Set.of(), inv -> List.of(
                new Play("base", inv.hosts(), h -> resources, Play.Strategy.PARALLEL)));
        return new Converger(inventory, StateDir.open(stateRoot), connector, new RunOptions(2),
                new LinkedHashSet<>(List.of(layer)));
    }

    private static List<Resource> threeFiles() {
        return List.of(RemoteFile.text("/etc/a", "a\n", 0644, "root:root"),
                new ManagedBlock("/etc/hosts", "cluster-hosts", List.of("10.0.0.1 node-1")),
                RemoteFile.text("/etc/c", "c\n", 0600, "root:root"));
    }

    @Test
    void aNoOpApplyAsksEveryCheckOfAHostInOneRoundTrip() {
        Inventory inv = TestInventories.nodes(2);
        for (HostSpec h : inv.hosts()) {
            standIns.host(h).put("/etc/a", "a\n", 0644, "root:root").put("/etc/c", "c\n", 0600, "root:root")
                    .put("/etc/hosts", "127.0.0.1 localhost\n# BEGIN GARDENOS cluster-hosts\n10.0.0.1 node-1\n"
                            + "# END GARDENOS cluster-hosts\n", 0644, "root:root");
        }

        ApplyReport report = converger(inv, threeFiles(), true).apply(List.of(), ApplyListener.NONE);

        assertThat(report.changed()).isZero();
        assertThat(report.hosts()).containsExactly(new HostRecap("node-1", 3, 0, 0, 0), new HostRecap("node-2", 3, 0, 0, 0));
        for (BatchingStandIn host : hosts.values()) {
            // the three checks and the host's apply lock in one round trip; the release is the only other command
            assertThat(besidesTheHostLock(host.roundTrips)).containsExactly("probeAll(4)");
        }
    }

    @Test
    void aFailedProbeStillFailsItsOwnResourceWithTheSameMessage() {
        Inventory inv = TestInventories.nodes(1);
        String probeOfC = FileProbe.command("/etc/c");
        standIns.host(inv.hosts().get(0)).put("/etc/a", "a\n", 0644, "root:root")
                .failCommand(probeOfC, 2, "sha256sum: /etc/c: Input/output error");

        PlanReport batched = converger(inv, threeFiles(), true).plan(List.of());
        PlanReport single = converger(inv, threeFiles(), false).plan(List.of());

        assertThat(batched.failures()).hasSize(1);
        assertThat(batched.failures().get(0).resource()).isEqualTo("file:/etc/c");
        assertThat(batched.failures().get(0).message()).contains("exited 2", "Input/output error");
        assertThat(batched).isEqualTo(single);
        assertThat(hosts.get("node-1").roundTrips).containsExactly("probeAll(3)");
    }

    @Test
    void afterAnApplyTheRemainingChecksSeeTheHostAsItIsNow() {
        Inventory inv = TestInventories.nodes(1);
        // the second resource checks the file the first one writes: a stale answer would make it upload again
        List<Resource> resources = List.of(RemoteFile.text("/etc/x", "x\n", 0644, "root:root"),
                RemoteFile.text("/etc/x", "x\n", 0644, "root:root"),
                RemoteFile.text("/etc/y", "y\n", 0644, "root:root"));
        standIns.host(inv.hosts().get(0)).put("/etc/y", "y\n", 0644, "root:root");

        ApplyReport report = converger(inv, resources, true).apply(List.of(), ApplyListener.NONE);

        assertThat(report.hosts()).containsExactly(new HostRecap("node-1", 2, 1, 0, 0));
        assertThat(standIns.host("node-1").uploads()).containsExactly("/etc/x");
        assertThat(besidesTheHostLock(hosts.get("node-1").roundTrips)).containsExactly("probeAll(3)", "upload /etc/x", "probeAll(2)");
    }

    /**
     * An apply takes the host's apply lock (issue 9) as the first probe of its first batch and releases it with one
     * command at the end: that release is asserted to be the last and only lock command outside the batches.
     */
    static List<String> besidesTheHostLock(List<String> roundTrips) {
        List<String> lock = roundTrips.stream().filter(c -> c.contains("/run/gardenos/apply.lock")).toList();
        assertThat(lock).hasSize(1);
        assertThat(lock.get(0)).startsWith("exec grep -qs -e 'run=");
        assertThat(roundTrips.get(roundTrips.size() - 1)).isEqualTo(lock.get(0));
        return roundTrips.stream().filter(c -> !lock.contains(c)).toList();
    }
}
