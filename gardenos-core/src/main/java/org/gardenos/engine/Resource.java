package org.gardenos.engine;

import java.util.List;
import org.gardenos.remote.Probe;

/**
 * One piece of desired state on one host. {@link #check} only reads; {@link #apply} brings the host to the
 * desired state and is called only when {@code check} found a change. Implementations compare content
 * (hashes), never timestamps, so a second run finds nothing to do.
 */
public interface Resource {
    /** Stable, human-readable identity, e.g. {@code file:/etc/sysctl.d/90-gardenos.conf}. */
    String name();

    Change check(Target target) throws Exception;

    void apply(Target target, Change change) throws Exception;

    /**
     * The read-only commands and file reads {@link #check} asks, exactly as it passes them to {@code exec} (no
     * stdin) and {@code read}. The converger asks the probes of all of a host's resources of a play in one round
     * trip before their checks and answers the checks from it; anything not declared (or not answered) runs as
     * usual, so a declaration that does not match only costs its round trip. Pure: no I/O, no state dir.
     */
    default List<Probe> probes() {
        return List.of();
    }
}
