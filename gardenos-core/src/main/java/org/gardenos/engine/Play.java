package org.gardenos.engine;

import java.util.List;
import java.util.function.Function;
import org.gardenos.inventory.HostSpec;

/**
 * A group of resources applied to a set of hosts, either on all hosts at once (bounded parallelism) or on one
 * host at a time (rolling changes, first-server-alone bootstraps). {@code afterRun} is run once when the plan or
 * apply that ran the play has ended, however it ended: it releases what the play's resources kept open for the
 * whole run (the etcd layer's connections, shared by its plays).
 */
public record Play(String name, List<HostSpec> hosts, Function<HostSpec, List<Resource>> resources, Strategy strategy,
                   Runnable afterRun) {
    public enum Strategy { PARALLEL, ONE_AT_A_TIME }

    public Play {
        hosts = List.copyOf(hosts);
        java.util.Objects.requireNonNull(afterRun, "afterRun");
    }

    /** A play that keeps nothing open across the run. */
    public Play(String name, List<HostSpec> hosts, Function<HostSpec, List<Resource>> resources, Strategy strategy) {
        this(name, hosts, resources, strategy, () -> { });
    }
}
