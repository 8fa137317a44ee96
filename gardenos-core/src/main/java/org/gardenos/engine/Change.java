package org.gardenos.engine;

import java.util.Objects;

/**
 * The difference between a resource's desired and actual state, as found by {@link Resource#check}.
 * {@code action} says what apply does ({@link ChangeAction#CREATE}, {@link ChangeAction#RESTART}, ...);
 * {@code detail} says what differs.
 */
public record Change(ChangeAction action, String detail) {
    private static final Change NONE = new Change(ChangeAction.NONE, "");

    public Change {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(detail, "detail");
    }

    public static Change none() {
        return NONE;
    }

    public static Change of(ChangeAction action, String detail) {
        return new Change(action, detail);
    }

    public boolean isNone() {
        return action == ChangeAction.NONE;
    }
}
