package org.gardenos.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.gardenos.error.GardenException;
import org.gardenos.error.InputException;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.resources.RemoteFile;
import org.gardenos.standin.InMemoryHostStandIn;
import org.gardenos.standin.StandInConnector;
import org.gardenos.standin.TestInventories;
import org.gardenos.state.StateDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Converger logic against in-memory stand-in hosts (real hosts are covered by the integration tests). */
class ConvergerTest {
    @TempDir
    Path stateRoot;

    private final StandInConnector connector = new StandInConnector();

    private Converger converger(Inventory inventory, int parallelism, Layer... layers) {
        return new Converger(inventory, StateDir.open(stateRoot), connector, new RunOptions(parallelism),
                new LinkedHashSet<>(List.of(layers)));
    }

    private static Play parallel(String name, Inventory inventory, Function<HostSpec, List<Resource>> resources) {
        return new Play(name, inventory.hosts(), resources, Play.Strategy.PARALLEL);
    }

    /** Layer "files": /etc/a and /etc/b on every host. */
    private static TestLayer filesLayer(String name, String... deps) {
        return new TestLayer(name, Set.of(deps), inv -> List.of(parallel(name, inv, h -> List.of(
                RemoteFile.text("/etc/" + name + "-a", "A of " + h.name() + "\n", 0644, "root:root"),
                RemoteFile.text("/etc/" + name + "-b", "B\n", 0600, "root:root")))));
    }

    private static TestLayer scriptedLayer(String name, Function<HostSpec, List<Resource>> resources, String... deps) {
        return new TestLayer(name, Set.of(deps), inv -> List.of(parallel(name, inv, resources)));
    }

    @Test
    void layersAreInDependencyOrderWithTiesByName() {
        Converger c = converger(TestInventories.nodes(1), 1, TestLayer.of("k3s", "etcd", "lb"), TestLayer.of("apps", "k3s"),
                TestLayer.of("lb", "base"), TestLayer.of("etcd", "base"), TestLayer.of("base"));
        assertThat(c.layers()).extracting(Layer::name).containsExactly("base", "etcd", "lb", "k3s", "apps");
    }

    @Test
    void selectionFollowsDependencyOrderAndDoesNotAddDependencies() {
        Converger c = converger(TestInventories.nodes(1), 1, TestLayer.of("base"), TestLayer.of("etcd", "base"),
                TestLayer.of("k3s", "etcd"));
        assertThat(c.select(List.of("k3s", "base"))).extracting(Layer::name).containsExactly("base", "k3s");
        assertThat(c.select(List.of("etcd"))).extracting(Layer::name).containsExactly("etcd");
        assertThat(c.select(List.of())).extracting(Layer::name).containsExactly("base", "etcd", "k3s");
    }

    @Test
    void unknownLayerIsInputErrorNamingTheKnownLayers() {
        Converger c = converger(TestInventories.nodes(1), 1, TestLayer.of("base"), TestLayer.of("etcd", "base"));
        assertThatThrownBy(() -> c.apply(List.of("etdc"), ApplyListener.NONE))
                .isInstanceOf(InputException.class)
                .hasMessage("unknown layer 'etdc'; known layers: base, etcd");
        assertThat(connector.connects()).isEmpty();
    }

    @Test
    void wiringMistakesInLayersFailAtConstruction() {
        assertThatThrownBy(() -> converger(TestInventories.nodes(1), 1, TestLayer.of("k3s", "etcd")))
                .isInstanceOf(GardenException.class).hasMessageContaining("depends on unknown layer 'etcd'");
        assertThatThrownBy(() -> converger(TestInventories.nodes(1), 1, TestLayer.of("a", "b"), TestLayer.of("b", "a"),
                TestLayer.of("base"))).isInstanceOf(GardenException.class).hasMessageContaining("cycle among: a, b");
        assertThatThrownBy(() -> converger(TestInventories.nodes(1), 1, TestLayer.of("a"), TestLayer.of("a", "base"),
                TestLayer.of("base"))).isInstanceOf(GardenException.class).hasMessageContaining("two layers are named 'a'");
    }

    @Test
    void layerRejectingTheInventoryFailsBeforeAnyHostIsTouched() {
        TestLayer bad = new TestLayer("bad", Set.of(), inv -> {
            throw new InputException("gardenos.yaml: etcd: needs an odd number of members");
        });
        Converger c = converger(TestInventories.nodes(2), 2, filesLayer("base"), bad);
        assertThatThrownBy(() -> c.apply(List.of(), ApplyListener.NONE)).isInstanceOf(InputException.class);
        assertThat(connector.connects()).isEmpty();
    }

    @Test
    void planReportsDriftPerHostAndResourceAndChangesNothing() {
        Inventory inv = TestInventories.nodes(2);
        Converger c = converger(inv, 2, filesLayer("base"));
        connector.host(inv.hosts().get(0)).put("/etc/base-a", "A of node-1\n", 0644, "root:root")
                .put("/etc/base-b", "B\n", 0644, "root:root");
        connector.host(inv.hosts().get(1)).put("/etc/base-a", "stale\n", 0644, "root:root");

        PlanReport plan = c.plan(List.of());

        assertThat(plan.changes()).containsExactly(
                new PlannedChange("node-1", "base", "file:/etc/base-b", ChangeAction.FIX_ATTRIBUTES, "mode 0644 -> 0600"),
                new PlannedChange("node-2", "base", "file:/etc/base-a", ChangeAction.UPDATE, "content differs (12 bytes wanted)"),
                new PlannedChange("node-2", "base", "file:/etc/base-b", ChangeAction.CREATE, "/etc/base-b (2 bytes, mode 0600, root:root)"));
        assertThat(plan.failures()).isEmpty();
        for (String host : List.of("node-1", "node-2")) {
            assertThat(connector.host(host).uploads()).isEmpty();
            assertThat(connector.host(host).nonProbeCommands()).isEmpty();
        }
        assertThat(connector.host("node-2").text("/etc/base-a")).isEqualTo("stale\n");
    }

    @Test
    void applyChangesOnlyDriftedResourcesAndASecondApplyChangesNothing() {
        Inventory inv = TestInventories.nodes(2);
        Converger c = converger(inv, 2, filesLayer("base"));
        connector.host(inv.hosts().get(0)).put("/etc/base-a", "A of node-1\n", 0644, "root:root")
                .put("/etc/base-b", "B\n", 0600, "root:root");
        connector.host(inv.hosts().get(1)).put("/etc/base-a", "A of node-2\n", 0644, "root:root")
                .put("/etc/base-b", "old\n", 0600, "root:root");

        ApplyReport first = c.apply(List.of(), ApplyListener.NONE);

        assertThat(first.hosts()).containsExactly(new HostRecap("node-1", 2, 0, 0, 0), new HostRecap("node-2", 1, 1, 0, 0));
        assertThat(first.changed()).isEqualTo(1);
        assertThat(first.failed()).isZero();
        assertThat(connector.host("node-1").uploads()).isEmpty();
        assertThat(connector.host("node-2").uploads()).containsExactly("/etc/base-b");
        assertThat(connector.host("node-2").text("/etc/base-b")).isEqualTo("B\n");

        ApplyReport second = c.apply(List.of(), ApplyListener.NONE);
        assertThat(second.changed()).isZero();
        assertThat(second.hosts()).containsExactly(new HostRecap("node-1", 2, 0, 0, 0), new HostRecap("node-2", 2, 0, 0, 0));
        assertThat(c.plan(List.of()).converged()).isTrue();
    }

    @Test
    void eachHostIsConnectedOncePerRunAcrossLayers() {
        Inventory inv = TestInventories.nodes(2);
        Converger c = converger(inv, 2, filesLayer("base"), filesLayer("etcd", "base"));
        c.apply(List.of(), ApplyListener.NONE);
        assertThat(connector.connects()).containsExactlyInAnyOrder("node-1", "node-2");
    }

    @Test
    void aFailingHostStopsItsOwnRemainingStepsOnlyAndReportsCommandExitCodeAndStderr() {
        Inventory inv = TestInventories.nodes(3);
        TestLayer base = scriptedLayer("base", h -> List.of(
                RemoteFile.text("/etc/one", "1\n", 0644, "root:root"),
                new ScriptedResource("service:etcd", t -> Change.of(ChangeAction.RESTART, "config changed"),
                        (t, change) -> t.remote().exec("systemctl restart etcd").requireOk()),
                RemoteFile.text("/etc/three", "3\n", 0644, "root:root")));
        Converger c = converger(inv, 3, base, filesLayer("etcd", "base"));
        for (HostSpec h : inv.hosts()) {
            InMemoryHostStandIn host = connector.host(h);
            host.on(cmd -> cmd.equals("systemctl restart etcd"), cmd -> host.result(cmd,
                    h.name().equals("node-2") ? 1 : 0, "", h.name().equals("node-2")
                            ? "Job for etcd.service failed because the control process exited with error code." : ""));
        }

        ApplyReport report = c.apply(List.of(), ApplyListener.NONE);

        assertThat(report.failed()).isEqualTo(1);
        assertThat(report.hosts()).containsExactly(new HostRecap("node-1", 0, 5, 0, 0),
                new HostRecap("node-2", 0, 1, 1, 3), new HostRecap("node-3", 0, 5, 0, 0));
        assertThat(report.failures()).containsExactly(new HostFailure("node-2", "base", "service:etcd",
                "node-2: command `systemctl restart etcd` exited 1: Job for etcd.service failed because the control "
                        + "process exited with error code."));
        assertThat(connector.host("node-2").uploads()).containsExactly("/etc/one");
        assertThat(connector.host("node-1").uploads()).contains("/etc/three", "/etc/etcd-a", "/etc/etcd-b");
        assertThat(connector.host("node-3").uploads()).contains("/etc/three", "/etc/etcd-a", "/etc/etcd-b");
    }

    @Test
    void aHostThatCannotBeConnectedFailsWithTheConnectorsLineAndNothingIsDoneOnIt() {
        Inventory inv = TestInventories.nodes(2);
        connector.refuse("node-2", "host key for 127.0.0.12 does not match known_hosts: refusing to connect");
        inv.hosts().forEach(connector::host);
        Converger c = converger(inv, 2, filesLayer("base"), filesLayer("etcd", "base"));

        PlanReport plan = c.plan(List.of("etcd"));
        assertThat(plan.failures()).containsExactly(new HostFailure("node-2", "etcd", "connect",
                "node-2: host key for 127.0.0.12 does not match known_hosts: refusing to connect"));
        assertThat(plan.changes()).extracting(PlannedChange::host).containsOnly("node-1").hasSize(2);

        ApplyReport report = c.apply(List.of(), ApplyListener.NONE);

        assertThat(report.failures()).containsExactly(new HostFailure("node-2", "base", "connect",
                "node-2: host key for 127.0.0.12 does not match known_hosts: refusing to connect"));
        assertThat(report.hosts()).containsExactly(new HostRecap("node-1", 0, 4, 0, 0), new HostRecap("node-2", 0, 0, 1, 4));
        assertThat(connector.host("node-2").commands()).isEmpty();
        assertThat(connector.connects()).as("one plan run + one apply run")
                .containsExactlyInAnyOrder("node-1", "node-2", "node-1", "node-2");
    }

    @Test
    void rollingPlayStopsAtTheFirstFailedHostAndHaltsTheHostsNotReached() {
        Inventory inv = TestInventories.nodes(3);
        AtomicInteger active = new AtomicInteger();
        AtomicInteger maxActive = new AtomicInteger();
        List<String> order = new CopyOnWriteArrayList<>();
        TestLayer rolling = new TestLayer("etcd", Set.of(), i -> List.of(new Play("restart members", i.hosts(),
                h -> List.of(new ScriptedResource("service:etcd", t -> Change.of(ChangeAction.RESTART, ""), (t, change) -> {
                    maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
                    order.add(t.host().name());
                    try {
                        t.remote().exec("systemctl restart etcd").requireOk();
                    } finally {
                        active.decrementAndGet();
                    }
                })), Play.Strategy.ONE_AT_A_TIME)));
        Converger c = converger(inv, 3, rolling, filesLayer("k3s", "etcd"));
        for (HostSpec h : inv.hosts()) {
            InMemoryHostStandIn host = connector.host(h);
            host.on("systemctl restart etcd"::equals, cmd -> host.result(cmd, h.name().equals("node-2") ? 1 : 0, "",
                    h.name().equals("node-2") ? "etcd.service: start operation timed out" : ""));
        }

        ApplyReport report = c.apply(List.of(), ApplyListener.NONE);

        assertThat(order).containsExactly("node-1", "node-2");
        assertThat(maxActive.get()).isEqualTo(1);
        assertThat(connector.host("node-3").commands()).isEmpty();
        assertThat(report.hosts()).containsExactly(new HostRecap("node-1", 0, 3, 0, 0),
                new HostRecap("node-2", 0, 0, 1, 2), new HostRecap("node-3", 0, 0, 0, 3));
        assertThat(report.failures()).extracting(HostFailure::host).containsExactly("node-2");
    }

    @Test
    void hostsRunConcurrently() throws Exception {
        Inventory inv = TestInventories.nodes(3);
        CountDownLatch allInside = new CountDownLatch(3);
        TestLayer layer = scriptedLayer("base", h -> List.of(new ScriptedResource("meet", t -> {
            allInside.countDown();
            // passes only if the three hosts are checked at the same time; the timeout only guards a hang
            if (!allInside.await(30, TimeUnit.SECONDS)) {
                throw new GardenException("hosts were not worked on concurrently");
            }
            return Change.none();
        }, (t, change) -> { })));

        ApplyReport report = converger(inv, 3, layer).apply(List.of(), ApplyListener.NONE);

        assertThat(report.failures()).isEmpty();
        assertThat(report.hosts()).extracting(HostRecap::ok).containsExactly(1, 1, 1);
    }

    @Test
    void parallelismBoundsHowManyHostsAreWorkedOnAtOnce() {
        Inventory inv = TestInventories.nodes(5);
        AtomicInteger active = new AtomicInteger();
        AtomicInteger maxActive = new AtomicInteger();
        CountDownLatch twoInside = new CountDownLatch(2);
        TestLayer layer = scriptedLayer("base", h -> List.of(new ScriptedResource("count", t -> {
            maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
            twoInside.countDown();
            twoInside.await(30, TimeUnit.SECONDS); // the first two wait for each other: the bound is reached
            active.decrementAndGet();
            return Change.none();
        }, (t, change) -> { })));

        ApplyReport report = converger(inv, 2, layer).apply(List.of(), ApplyListener.NONE);

        assertThat(report.hosts()).hasSize(5).allMatch(r -> r.ok() == 1);
        assertThat(maxActive.get()).isEqualTo(2);
    }

    @Test
    void listenerSeesEveryResourceWithItsOutcome() {
        Inventory inv = TestInventories.nodes(1);
        InMemoryHostStandIn node = connector.host(inv.hosts().get(0));
        node.put("/etc/ok", "ok\n", 0644, "root:root");
        TestLayer layer = scriptedLayer("base", h -> List.of(
                RemoteFile.text("/etc/ok", "ok\n", 0644, "root:root"),
                RemoteFile.text("/etc/new", "new\n", 0644, "root:root"),
                new ScriptedResource("warns", t -> {
                    t.warn("cannot load overlay in a container");
                    return Change.none();
                }, (t, c) -> { }),
                new ScriptedResource("refused", t -> Change.of(ChangeAction.SET, "hostname"), (t, c) -> {
                    throw new ResourceSkipped("container refused the hostname change");
                }),
                new ScriptedResource("breaks", t -> {
                    throw new GardenException("node-1: etcd member list failed");
                }, (t, c) -> { }),
                RemoteFile.text("/etc/never", "x\n", 0644, "root:root")));
        List<String> events = new ArrayList<>();
        ApplyListener listener = new ApplyListener() {
            @Override
            public void resourceStarted(String host, String layerName, String resource) {
                events.add("start " + host + " " + layerName + " " + resource);
            }

            @Override
            public void resourceFinished(String host, String layerName, String resource, Outcome outcome, Change change) {
                events.add(outcome + " " + resource + " " + change.action() + ": " + change.detail());
            }

            @Override
            public void warning(HostWarning warning) {
                events.add("warning " + warning.line());
            }

            @Override
            public void hostFailed(HostFailure failure) {
                events.add("failed " + failure.line());
            }
        };

        ApplyReport report = converger(inv, 1, layer).apply(List.of(), listener);

        assertThat(events).containsExactly(
                "start node-1 base file:/etc/ok", "OK file:/etc/ok none: ",
                "start node-1 base file:/etc/new", "CHANGED file:/etc/new create: /etc/new (4 bytes, mode 0644, root:root)",
                "start node-1 base warns", "warning node-1 [base] warns: cannot load overlay in a container", "OK warns none: ",
                "start node-1 base refused", "warning node-1 [base] refused: container refused the hostname change",
                "SKIPPED refused skip: container refused the hostname change",
                "start node-1 base breaks", "failed node-1 [base] breaks: node-1: etcd member list failed",
                "FAILED breaks check: node-1: etcd member list failed",
                "SKIPPED file:/etc/never skip: skipped after node-1 failed at base/breaks");
        assertThat(report.hosts()).containsExactly(new HostRecap("node-1", 2, 1, 1, 2));
        assertThat(report.warnings()).extracting(HostWarning::resource).containsExactly("warns", "refused");
    }

    @Test
    void aThrowingListenerDoesNotBreakTheRun() {
        Inventory inv = TestInventories.nodes(1);
        ApplyListener broken = new ApplyListener() {
            @Override
            public void resourceStarted(String host, String layer, String resource) {
                throw new IllegalStateException("terminal went away");
            }
        };
        ApplyReport report = converger(inv, 1, filesLayer("base")).apply(List.of(), broken);
        assertThat(report.changed()).isEqualTo(2);
    }

    @Test
    void interruptStopsSchedulingNewWorkAndIsReported() {
        Inventory inv = TestInventories.nodes(3);
        Thread caller = Thread.currentThread();
        List<String> ran = new CopyOnWriteArrayList<>();
        TestLayer first = scriptedLayer("base", h -> List.of(new ScriptedResource("first", t -> {
            ran.add(t.host().name() + " first");
            if (t.host().name().equals("node-1")) {
                caller.interrupt(); // what Ctrl-C does to the CLI's main thread
            }
            return Change.none();
        }, (t, c) -> { }), new ScriptedResource("second", t -> {
            ran.add(t.host().name() + " second");
            return Change.none();
        }, (t, c) -> { })));
        // parallelism 1: node-1 runs alone, so node-2 and node-3 are queued when the interrupt arrives
        Converger c = converger(inv, 1, first, filesLayer("etcd", "base"));

        ApplyReport report;
        try {
            report = c.apply(List.of(), ApplyListener.NONE);
        } finally {
            assertThat(Thread.interrupted()).as("interrupt flag is restored for the caller").isTrue();
        }

        assertThat(report.interrupted()).isTrue();
        assertThat(ran).doesNotContain("node-2 first", "node-3 first");
        assertThat(connector.host("node-1").uploads()).isEmpty();
        assertThat(report.changed()).isZero();
        assertThat(report.failed()).isZero();
        assertThat(report.hosts()).allMatch(r -> r.skipped() > 0);
    }

    @Test
    void planRunsEveryCheckButNeverApplies() {
        Inventory inv = TestInventories.nodes(2);
        AtomicInteger applies = new AtomicInteger();
        TestLayer layer = new TestLayer("etcd", Set.of(), i -> List.of(new Play("roll", i.hosts(),
                h -> List.of(new ScriptedResource("service:etcd", t -> Change.of(ChangeAction.RESTART, "config changed"),
                        (t, c) -> applies.incrementAndGet())), Play.Strategy.ONE_AT_A_TIME)));

        PlanReport plan = converger(inv, 2, layer).plan(List.of());

        assertThat(applies.get()).isZero();
        assertThat(plan.changes()).extracting(PlannedChange::host).containsExactly("node-1", "node-2");
    }
}
