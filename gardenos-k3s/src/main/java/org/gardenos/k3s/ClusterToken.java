package org.gardenos.k3s;

import org.gardenos.logging.SecretRedactor;
import org.gardenos.secret.GeneratedSecret;
import org.gardenos.state.StateDir;

/**
 * The K3s cluster token: one plain password shared by every server and agent (not a {@code k3s token generate}
 * agent token, k3s issue 7313). Generated once, kept 0600 in the state directory and reused forever after:
 * K3s encrypts its bootstrap data in the datastore with it, so a lost token makes restores impossible.
 * It reaches hosts only inside the 0600 environment file, never in a command line or config.yaml.
 */
public final class ClusterToken {
    public static final String STATE_FILE = "k3s/token";
    public static final int LENGTH = 48;

    private ClusterToken() {
    }

    public static String loadOrCreate(StateDir state) {
        String value = GeneratedSecret.loadOrCreate(state, STATE_FILE, LENGTH);
        SecretRedactor.global().register(value);  // a slip into a log line shows *** instead
        return value;
    }
}
