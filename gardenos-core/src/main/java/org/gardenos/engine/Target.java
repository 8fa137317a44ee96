package org.gardenos.engine;

import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.remote.RemoteHost;
import org.gardenos.state.StateDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a resource may use while checking or applying itself on one host. {@code warnings} receives what the
 * resource skipped on purpose (the converger logs and records it in the report); the four-argument constructor
 * only logs them, for callers outside the converger.
 */
public record Target(HostSpec host, RemoteHost remote, Inventory inventory, StateDir state, WarningSink warnings) {
    private static final Logger LOG = LoggerFactory.getLogger(Target.class);

    public Target(HostSpec host, RemoteHost remote, Inventory inventory, StateDir state) {
        this(host, remote, inventory, state, message -> LOG.warn("{}: {}", host.name(), message));
    }

    /** Reports a deliberate skip (e.g. a kernel setting a container cannot change); it never fails the host. */
    public void warn(String message) {
        warnings.warn(message);
    }
}
