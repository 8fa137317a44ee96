package org.gardenos.engine;

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
}
