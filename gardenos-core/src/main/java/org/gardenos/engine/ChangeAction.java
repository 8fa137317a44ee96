package org.gardenos.engine;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/**
 * What {@code apply} does about a {@link Change}: one short verb, shown as {@link #word()} in plans, progress lines
 * and {@code --output json} (e.g. {@code "action": "create"}). A resource switches over these instead of comparing
 * strings; a new kind of change adds a constant here.
 */
public enum ChangeAction {
    NONE("none"),
    CREATE("create"),
    UPDATE("update"),
    FIX_ATTRIBUTES("fix-attributes"),
    INSTALL("install"),
    REMOVE("remove"),
    SET("set"),
    LOAD("load"),
    COMMENT_SWAP("comment-swap"),
    SWAPOFF("swapoff"),
    DAEMON_RELOAD("daemon-reload"),
    ENABLE("enable"),
    START("start"),
    ENABLE_START("enable+start"),
    RESTART("restart"),
    ENABLE_RESTART("enable+restart"),
    BOOTSTRAP("bootstrap"),
    JOIN("join"),
    FETCH("fetch"),
    WAIT("wait"),
    CHECK("check"),
    PREPARE("prepare"),
    CONNECT("connect"),
    SKIP("skip"),
    SKIPPED("skipped"),
    FAILED("failed");

    private final String word;

    ChangeAction(String word) {
        this.word = word;
    }

    /** The verb as users see it ({@code "enable+start"}). */
    @JsonValue
    public String word() {
        return word;
    }

    /** The constant whose {@link #word()} is {@code word}, if any. */
    public static Optional<ChangeAction> ofWord(String word) {
        return Arrays.stream(values()).filter(a -> a.word.equals(word)).findFirst();
    }

    @Override
    public String toString() {
        return word;
    }
}
