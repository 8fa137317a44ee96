package org.gardenos.engine;

/**
 * Progress of an apply, for printing lines as work happens. The converger calls it from its worker threads but
 * never concurrently (calls are serialized), so implementations need no locking. Every method defaults to nothing.
 */
public interface ApplyListener {
    /** A listener that ignores everything. */
    ApplyListener NONE = new ApplyListener() {
    };

    /** {@code resource} is about to be checked (and applied when drifted) on {@code host}. */
    default void resourceStarted(String host, String layer, String resource) {
    }

    /**
     * {@code resource} is done. {@code change} is what check found ({@link Change#none()} when {@code OK}); for
     * {@code FAILED} and {@code SKIPPED} its detail says why. A resource skipped because its host had already
     * stopped (or the run was interrupted) gets only this call, no {@link #resourceStarted}; a host that could not
     * be connected reports {@code FAILED} for the resource named {@value HostFailure#CONNECT}.
     */
    default void resourceFinished(String host, String layer, String resource, Outcome outcome, Change change) {
    }

    /** A resource skipped something on purpose (see {@link Target#warn}). */
    default void warning(HostWarning warning) {
    }

    /** A host failed and will do nothing more in this run. */
    default void hostFailed(HostFailure failure) {
    }
}
