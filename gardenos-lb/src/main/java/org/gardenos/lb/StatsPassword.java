package org.gardenos.lb;

import org.gardenos.error.GardenException;
import org.gardenos.logging.SecretRedactor;
import org.gardenos.secret.GeneratedSecret;
import org.gardenos.state.StateDir;

/** The HAProxy stats page password: generated once, kept 0600 in the state directory, the same on every lb host. */
public final class StatsPassword {
    public static final String STATE_FILE = "lb/stats-password";
    public static final int LENGTH = 32;

    private StatsPassword() {
    }

    /** The kept password; a status read must not invent one the load balancers do not know. */
    public static String load(StateDir state) {
        if (state.read(STATE_FILE).isEmpty()) {
            throw new GardenException(state.resolve(STATE_FILE) + " does not exist: the lb layer has not been applied"
                    + " with this state directory");
        }
        return loadOrCreate(state);
    }

    public static String loadOrCreate(StateDir state) {
        String value = GeneratedSecret.loadOrCreate(state, STATE_FILE, LENGTH);
        SecretRedactor.global().register(value);  // a slip into a log line shows *** instead
        return value;
    }

    /**
     * Rotation: a new password replaces the kept one (0600); the next {@code apply lb} renders its new hash and
     * reloads HAProxy (no restart, no dropped API connection). Refused when none is kept: with a wrong state dir a
     * "rotation" would only hide that the real password lives elsewhere.
     */
    public static void rotate(StateDir state) {
        try (org.gardenos.state.StateDirLock lock = org.gardenos.state.StateDirLock.acquire(state,
                "lb rotate-stats-password")) {
            load(state);
            String value = GeneratedSecret.generate(LENGTH);
            SecretRedactor.global().register(value);
            state.writeSecret(STATE_FILE, (value + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
