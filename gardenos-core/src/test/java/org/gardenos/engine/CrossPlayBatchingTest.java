package org.gardenos.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.remote.RemoteHostConnector;
import org.gardenos.resources.FileProbe;
import org.gardenos.resources.RemoteFile;
import org.gardenos.standin.StandInConnector;
import org.gardenos.standin.TestInventories;
import org.gardenos.state.StateDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, cross-play batching ({@link RunProbes}): a host's first batch also asks the probes of its resources in
 * the run's later plays, and a later play uses those answers only while no apply ran on ANY host since they were
 * asked. Counted on stand-in hosts that batch ({@link BatchingStandIn}); parallelism 1, so the hosts of a play run
 * one after the other in inventory order and the counts are deterministic.
 */
class CrossPlayBatchingTest {
    @TempDir
    Path stateRoot;

    private final StandInConnector standIns = new StandInConnector();
    private final Map<String, BatchingStandIn> hosts = new java.util.concurrent.ConcurrentHashMap<>();

    /** Play "first": /etc/a and /etc/b on every host; play "second" (another layer): /etc/c and /etc/d on {@code second}. */
    private Converger converger(Inventory inventory, List<HostSpec> second, boolean batching) {
        RemoteHostConnector connector = BatchingStandIn.connector(standIns, hosts, batching);
        TestLayer one = new TestLayer("one", Set.of(), inv -> List.of(new Play("first", inv.hosts(),
                h -> List.of(file("/etc/a"), file("/etc/b")), Play.Strategy.PARALLEL)));
        TestLayer two = new TestLayer("two", Set.of("one"), inv -> List.of(new Play("second", second,
                h -> List.of(file("/etc/c"), file("/etc/d")), Play.Strategy.PARALLEL)));
        return new Converger(inventory, StateDir.open(stateRoot), connector, new RunOptions(1),
                new LinkedHashSet<>(List.of(one, two)));
    }

    private static RemoteFile file(String path) {
        return RemoteFile.text(path, path + "\n", 0644, "root:root");
    }

    private void allFilesOn(HostSpec h, String... except) {
        for (String path : List.of("/etc/a", "/etc/b", "/etc/c", "/etc/d")) {
            if (!List.of(except).contains(path)) {
                standIns.host(h).put(path, path + "\n", 0644, "root:root");
            }
        }
    }

    @Test
    void aNoOpApplyOfTwoPlaysAsksEachHostOnce() {
        Inventory inv = TestInventories.nodes(2);
        inv.hosts().forEach(this::allFilesOn);

        ApplyReport report = converger(inv, inv.hosts(), true).apply(List.of(), ApplyListener.NONE);

        assertThat(report.hosts()).containsExactly(new HostRecap("node-1", 4, 0, 0, 0),
                new HostRecap("node-2", 4, 0, 0, 0));
        for (BatchingStandIn host : hosts.values()) {
            // the host lock and the four checks of both plays in one round trip; then only the lock's release
            assertThat(BatchedProbesTest.besidesTheHostLock(host.roundTrips)).containsExactly("probeAll(5)");
        }
    }

    @Test
    void aPlanOfTwoPlaysAsksEachHostOnceAndOnlyWhatItsPlaysCheck() {
        Inventory inv = TestInventories.nodes(2);
        inv.hosts().forEach(this::allFilesOn);

        PlanReport plan = converger(inv, List.of(inv.hosts().get(0)), true).plan(List.of());

        assertThat(plan.changes()).isEmpty();
        assertThat(hosts.get("node-1").roundTrips).containsExactly("probeAll(4)");
        assertThat(hosts.get("node-2").roundTrips).containsExactly("probeAll(2)"); // not in the second play
    }

    @Test
    void anApplyOnAnotherHostAfterTheBatchMakesALaterPlayAskAgain() {
        Inventory inv = TestInventories.nodes(2);
        allFilesOn(inv.hosts().get(0));
        allFilesOn(inv.hosts().get(1), "/etc/a"); // node-2 writes /etc/a in the first play, after node-1's batch

        ApplyReport report = converger(inv, inv.hosts(), true).apply(List.of(), ApplyListener.NONE);

        assertThat(report.hosts()).containsExactly(new HostRecap("node-1", 4, 0, 0, 0),
                new HostRecap("node-2", 3, 1, 0, 0));
        // node-1 changed nothing itself, yet its second play asks again: node-2 applied since node-1's batch
        assertThat(BatchedProbesTest.besidesTheHostLock(hosts.get("node-1").roundTrips))
                .containsExactly("probeAll(5)", "probeAll(2)");
        assertThat(BatchedProbesTest.besidesTheHostLock(hosts.get("node-2").roundTrips))
                // after its own apply the rest of the play is asked as before (one probe: on its own), without the
                // later play's probes; that play then asks its own batch
                .containsExactly("probeAll(5)", "upload /etc/a", "exec " + FileProbe.command("/etc/b"), "probeAll(2)");
    }

    @Test
    void aBatchAskedAfterTheLastApplyIsUsedByTheLaterPlays() {
        Inventory inv = TestInventories.nodes(2);
        allFilesOn(inv.hosts().get(0), "/etc/a"); // node-1 applies first; node-2's batch comes after it
        allFilesOn(inv.hosts().get(1));

        converger(inv, inv.hosts(), true).apply(List.of(), ApplyListener.NONE);

        assertThat(BatchedProbesTest.besidesTheHostLock(hosts.get("node-2").roundTrips)).containsExactly("probeAll(5)");
    }

    @Test
    void aBatchAskedWhileAnotherHostAppliedIsNotCarriedIntoALaterPlay() throws Exception {
        Inventory inv = TestInventories.nodes(2);
        inv.hosts().forEach(this::allFilesOn);
        CountDownLatch node1Applying = new CountDownLatch(1);
        CountDownLatch node2Batched = new CountDownLatch(1);
        // node-2's batch is asked after node-1's apply started and before it ended: it may have seen half of it
        Resource slow = new ScriptedResource("slow", t -> t.host().name().equals("node-1")
                ? Change.of(ChangeAction.UPDATE, "slow") : Change.none(), (t, c) -> {
                    node1Applying.countDown();
                    assertThat(node2Batched.await(30, TimeUnit.SECONDS)).isTrue();
                });
        TestLayer one = new TestLayer("one", Set.of(), i -> List.of(new Play("first", i.hosts(),
                h -> List.of(slow, file("/etc/a"), file("/etc/b")), Play.Strategy.PARALLEL)));
        TestLayer two = new TestLayer("two", Set.of("one"), i -> List.of(new Play("second", i.hosts(),
                h -> List.of(file("/etc/c"), file("/etc/d")), Play.Strategy.PARALLEL)));
        RemoteHostConnector connector = spec -> {
            if (spec.name().equals("node-2")) {
                await(node1Applying); // node-2's first check (and batch) comes after node-1's apply started
            }
            return hosts.computeIfAbsent(spec.name(), n -> new BatchingStandIn(standIns.host(spec),
                    spec.name().equals("node-2") ? node2Batched::countDown : () -> { }));
        };

        ApplyReport report = new Converger(inv, StateDir.open(stateRoot), connector, new RunOptions(2),
                new LinkedHashSet<>(List.of(one, two))).apply(List.of(), ApplyListener.NONE);

        assertThat(report.changed()).isEqualTo(1);
        assertThat(BatchedProbesTest.besidesTheHostLock(hosts.get("node-2").roundTrips))
                .containsExactly("probeAll(5)", "probeAll(2)");
    }

    /** Play "first": /etc/a and /etc/b on every host; play "second" on node-1: /etc/c, then a check of node-2's /etc/a. */
    private ApplyReport applyReadingNode2(Inventory inv, boolean plan) {
        HostSpec node2 = inv.hosts().get(1);
        Resource readsNode2 = new ScriptedResource("reads-node-2", t -> {
            t.peer(node2).orElseThrow().exec(FileProbe.command("/etc/a")).requireOk();
            return Change.none();
        }, (t, c) -> { });
        TestLayer one = new TestLayer("one", Set.of(), i -> List.of(new Play("first", i.hosts(),
                h -> List.of(file("/etc/a"), file("/etc/b")), Play.Strategy.PARALLEL)));
        TestLayer two = new TestLayer("two", Set.of("one"), i -> List.of(new Play("second", List.of(i.hosts().get(0)),
                h -> List.of(file("/etc/c"), readsNode2), Play.Strategy.PARALLEL)));
        Converger converger = new Converger(inv, StateDir.open(stateRoot), BatchingStandIn.connector(standIns, hosts,
                true), new RunOptions(1), new LinkedHashSet<>(List.of(one, two)));
        if (plan) {
            assertThat(converger.plan(List.of()).failures()).isEmpty();
            return null;
        }
        return converger.apply(List.of(), ApplyListener.NONE);
    }

    @Test
    void aCheckReadingAnotherHostIsAnsweredFromThatHostsBatchWhileNothingWasApplied() {
        Inventory inv = TestInventories.nodes(2);
        inv.hosts().forEach(this::allFilesOn);

        applyReadingNode2(inv, true);

        assertThat(hosts.get("node-2").roundTrips).containsExactly("probeAll(2)");
    }

    @Test
    void aCheckReadingAnotherHostAsksItAfterAnApplyAnywhere() {
        Inventory inv = TestInventories.nodes(2);
        allFilesOn(inv.hosts().get(0), "/etc/c"); // node-1 writes /etc/c just before reading node-2
        allFilesOn(inv.hosts().get(1));

        assertThat(applyReadingNode2(inv, false).changed()).isEqualTo(1);

        assertThat(BatchedProbesTest.besidesTheHostLock(hosts.get("node-2").roundTrips))
                .containsExactly("probeAll(3)", "exec " + FileProbe.command("/etc/a"));
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aFailedProbeOfALaterPlayFailsItsOwnResourceWithTheMessageOfTheSingleCall() {
        Inventory inv = TestInventories.nodes(1);
        allFilesOn(inv.hosts().get(0));
        standIns.host(inv.hosts().get(0)).failCommand(FileProbe.command("/etc/d"), 2,
                "sha256sum: /etc/d: Input/output error");

        PlanReport batched = converger(inv, inv.hosts(), true).plan(List.of());
        PlanReport single = converger(inv, inv.hosts(), false).plan(List.of());

        assertThat(batched.failures()).extracting(HostFailure::resource).containsExactly("file:/etc/d");
        assertThat(batched.failures().get(0).message()).contains("exited 2", "Input/output error");
        assertThat(batched).isEqualTo(single);
        assertThat(hosts.get("node-1").roundTrips).containsExactly("probeAll(4)");
    }

    @Test
    void aLaterPlayWhoseResourcesCannotBeBuiltStillFailsOnItsOwnAndTheFirstPlayIsBatched() {
        Inventory inv = TestInventories.nodes(1);
        allFilesOn(inv.hosts().get(0));
        TestLayer one = new TestLayer("one", Set.of(), i -> List.of(new Play("first", i.hosts(),
                h -> List.of(file("/etc/a"), file("/etc/b")), Play.Strategy.PARALLEL)));
        TestLayer two = new TestLayer("two", Set.of("one"), i -> List.of(new Play("second", i.hosts(),
                h -> {
                    throw new IllegalStateException("no resources today");
                }, Play.Strategy.PARALLEL)));
        RemoteHostConnector connector = BatchingStandIn.connector(standIns, hosts, true);

        PlanReport plan = new Converger(inv, StateDir.open(stateRoot), connector, new RunOptions(1),
                new LinkedHashSet<>(List.of(one, two))).plan(List.of());

        assertThat(plan.failures()).extracting(HostFailure::resource, HostFailure::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("second", "IllegalStateException: no resources today"));
        assertThat(hosts.get("node-1").roundTrips).containsExactly("probeAll(2)");
    }
}
