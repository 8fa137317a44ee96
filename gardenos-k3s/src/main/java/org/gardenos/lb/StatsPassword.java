package org.gardenos.lb;

import org.gardenos.secret.GeneratedSecret;
import org.gardenos.state.StateDir;

/** The HAProxy stats page password: generated once, kept 0600 in the state directory, the same on every lb host. */
public final class StatsPassword {
    public static final String STATE_FILE = "lb/stats-password";
    public static final int LENGTH = 32;

    private StatsPassword() {
    }

    public static String loadOrCreate(StateDir state) {
        return GeneratedSecret.loadOrCreate(state, STATE_FILE, LENGTH);
    }
}
