package org.gardenos.engine;

/**
 * The difference between a resource's desired and actual state, as found by {@link Resource#check}.
 * {@code action} is a short verb ("create", "update", "restart", "install"); {@code detail} says what differs.
 */
public record Change(String action, String detail) {
    private static final Change NONE = new Change("none", "");

    public static Change none() {
        return NONE;
    }

    public static Change of(String action, String detail) {
        return new Change(action, detail);
    }

    public boolean isNone() {
        return this == NONE || "none".equals(action);
    }
}
