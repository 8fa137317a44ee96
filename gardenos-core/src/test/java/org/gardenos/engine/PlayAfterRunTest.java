package org.gardenos.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gardenos.error.GardenException;
import org.gardenos.inventory.Inventory;
import org.gardenos.standin.StandInConnector;
import org.gardenos.standin.TestInventories;
import org.gardenos.state.StateDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Play#afterRun} (and {@link Play#atStart}): what a layer keeps open across its plays (the etcd layer's connections) is released once
 * per plan or apply, after every play ran, also when a resource failed.
 */
class PlayAfterRunTest {
    @TempDir
    Path stateRoot;

    private final List<String> events = new CopyOnWriteArrayList<>();

    private Converger converger(Inventory inventory, Resource resource) {
        Layer layer = new TestLayer("kept", Set.of(), inv -> List.of(
                new Play("first", inv.hosts(), h -> List.of(resource), Play.Strategy.PARALLEL,
                        () -> events.add("after first")),
                new Play("second", inv.hosts(), h -> List.of(new ScriptedResource("second", t -> {
                    events.add("check second " + t.host().name());
                    return Change.none();
                }, (t, c) -> { })), Play.Strategy.ONE_AT_A_TIME, () -> events.add("after second"))));
        return new Converger(inventory, StateDir.open(stateRoot), new StandInConnector(), new RunOptions(2),
                new LinkedHashSet<>(List.of(layer)));
    }

    @Test
    void eachPlaysAfterRunRunsOnceWhenThePlanHasEnded() {
        converger(TestInventories.nodes(2), new ScriptedResource("first", t -> Change.none(), (t, c) -> { }))
                .plan(List.of());
        assertThat(events).containsExactlyInAnyOrder("check second node-1", "check second node-2", "after first",
                "after second");
        assertThat(events).endsWith("after first", "after second");
    }

    @Test
    void afterRunRunsWhenAResourceOfTheApplyFailed() {
        ApplyReport report = converger(TestInventories.nodes(1), new ScriptedResource("first", t -> {
            throw new GardenException("broken");
        }, (t, c) -> { })).apply(List.of(), ApplyListener.NONE);
        assertThat(report.failures()).hasSize(1);
        assertThat(events).endsWith("after first", "after second");
    }

    /** {@link Play#atStart}: once per plan or apply, with the run's state dir, before any host is touched. */
    @Test
    void atStartRunsOnceWithTheStateDirBeforeTheFirstCheckAndAFailingOneStopsNothing() {
        StateDir state = StateDir.open(stateRoot);
        Layer layer = new TestLayer("ahead", Set.of(), inv -> List.of(
                new Play("first", inv.hosts(), h -> List.of(new ScriptedResource("first", t -> {
                    events.add("check first " + t.host().name());
                    return Change.none();
                }, (t, c) -> { })), Play.Strategy.PARALLEL, () -> events.add("after first"), s -> {
                    events.add("start first " + s.root().equals(state.root()));
                    throw new IllegalStateException("a head start that fails");
                }),
                new Play("second", inv.hosts(), h -> List.of(), Play.Strategy.ONE_AT_A_TIME,
                        () -> events.add("after second"), s -> events.add("start second"))));
        new Converger(TestInventories.nodes(2), state, new StandInConnector(), new RunOptions(2),
                new LinkedHashSet<>(List.of(layer))).plan(List.of());
        assertThat(events).startsWith("start first true", "start second");
        assertThat(events).containsOnlyOnce("start first true", "start second");
        assertThat(events).contains("check first node-1", "check first node-2");
        assertThat(events).endsWith("after first", "after second");
    }

    @Test
    void aPlayWithoutAfterRunKeepsNothing() {
        Play p = new Play("plain", List.of(), h -> List.of(), Play.Strategy.PARALLEL);
        p.afterRun().run();
        assertThat(p).isEqualTo(new Play("plain", List.of(), p.resources(), Play.Strategy.PARALLEL, p.afterRun()));
    }
}
