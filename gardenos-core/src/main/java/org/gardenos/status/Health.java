package org.gardenos.status;

/** How healthy a layer or one of its parts is. Only {@link #HEALTHY} makes {@code gardenos status} exit 0. */
public enum Health {
    HEALTHY, DEGRADED, DOWN;

    /** The worse of two. */
    public Health and(Health other) {
        return ordinal() >= other.ordinal() ? this : other;
    }
}
