package org.gardenos.engine;

/** What happened to one resource on one host during an apply (the recap counts these). */
public enum Outcome {
    /** Already in the desired state: nothing was touched. */
    OK,
    /** Was drifted and has been brought to the desired state. */
    CHANGED,
    /** Check or apply failed: the host's remaining steps are skipped. */
    FAILED,
    /** Not run: an earlier failure on the host, a stopped rolling play, an interrupt, or a warning-only skip. */
    SKIPPED
}
