package org.gardenos.engine;

/** Where a resource reports something it could not do but that does not fail the host (see {@link Target#warn}). */
@FunctionalInterface
public interface WarningSink {
    void warn(String message);
}
