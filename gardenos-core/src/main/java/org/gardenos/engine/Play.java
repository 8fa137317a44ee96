package org.gardenos.engine;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.gardenos.inventory.HostSpec;
import org.gardenos.state.StateDir;

/**
 * A group of resources applied to a set of hosts, either on all hosts at once (bounded parallelism) or on one
 * host at a time (rolling changes, first-server-alone bootstraps). {@code afterRun} is run once when the plan or
 * apply that ran the play has ended, however it ended: it releases what the play's resources kept open for the
 * whole run (the etcd layer's connections, shared by its plays). {@code atStart} is run once when that plan or
 * apply starts, before any host is touched, with the run's state dir: it may start in the background what the
 * play's checks will need later (the etcd layer connects to its members while the earlier plays wait on SSH) and
 * must return at once; whatever it starts is released by {@code afterRun}.
 */
public record Play(String name, List<HostSpec> hosts, Function<HostSpec, List<Resource>> resources, Strategy strategy,
                   Runnable afterRun, Consumer<StateDir> atStart) {
    public enum Strategy { PARALLEL, ONE_AT_A_TIME }

    private static final Consumer<StateDir> NOTHING_AT_START = state -> { };

    public Play {
        hosts = List.copyOf(hosts);
        java.util.Objects.requireNonNull(afterRun, "afterRun");
        java.util.Objects.requireNonNull(atStart, "atStart");
    }

    /** A play that keeps nothing open across the run. */
    public Play(String name, List<HostSpec> hosts, Function<HostSpec, List<Resource>> resources, Strategy strategy) {
        this(name, hosts, resources, strategy, () -> { });
    }

    /** A play that starts nothing ahead of its checks. */
    public Play(String name, List<HostSpec> hosts, Function<HostSpec, List<Resource>> resources, Strategy strategy,
                Runnable afterRun) {
        this(name, hosts, resources, strategy, afterRun, NOTHING_AT_START);
    }
}
