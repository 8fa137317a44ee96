package org.gardenos.engine;

import java.util.List;
import java.util.function.Function;
import org.gardenos.inventory.HostSpec;

/**
 * A group of resources applied to a set of hosts, either on all hosts at once (bounded parallelism) or on one
 * host at a time (rolling changes, first-server-alone bootstraps).
 */
public record Play(String name, List<HostSpec> hosts, Function<HostSpec, List<Resource>> resources, Strategy strategy) {
    public enum Strategy { PARALLEL, ONE_AT_A_TIME }

    public Play {
        hosts = List.copyOf(hosts);
    }
}
