package org.gardenos.engine;

import java.util.Optional;
import java.util.function.Function;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.remote.RemoteHost;
import org.gardenos.state.StateDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a resource may use while checking or applying itself on one host. {@code warnings} receives what the
 * resource skipped on purpose (the converger logs and records it in the report); the four-argument constructor
 * only logs them, for callers outside the converger. {@code peers} gives the run's other hosts as a check sees
 * them ({@link #peer}); outside a converger's check it has none.
 */
public record Target(HostSpec host, RemoteHost remote, Inventory inventory, StateDir state, WarningSink warnings,
                     Function<HostSpec, Optional<RemoteHost>> peers) {
    private static final Logger LOG = LoggerFactory.getLogger(Target.class);

    public Target(HostSpec host, RemoteHost remote, Inventory inventory, StateDir state, WarningSink warnings) {
        this(host, remote, inventory, state, warnings, h -> Optional.empty());
    }

    public Target(HostSpec host, RemoteHost remote, Inventory inventory, StateDir state) {
        this(host, remote, inventory, state, message -> LOG.warn("{}: {}", host.name(), message));
    }

    /** Reports a deliberate skip (e.g. a kernel setting a container cannot change); it never fails the host. */
    public void warn(String message) {
        warnings.warn(message);
    }

    /**
     * During a converger's check: {@code other} host as the run's checks see it, its read-only commands and reads
     * answered from the run's batch of that host while nothing was applied anywhere since (issue 13). Empty outside
     * a check or when the run has not reached that host: connect to it as usual.
     */
    public Optional<RemoteHost> peer(HostSpec other) {
        return peers.apply(other);
    }
}
