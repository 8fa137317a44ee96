package org.gardenos.k3s;

import org.gardenos.logging.SecretRedactor;
import org.gardenos.secret.GeneratedSecret;
import org.gardenos.state.StateDir;

/**
 * K3s's agent token ({@code agent-token} on servers): what agents join with, so an agent never holds the server
 * token (which also decrypts K3s's bootstrap data and makes its holder a cluster admin). Generated once, kept 0600
 * in the state directory; servers get it as {@code K3S_AGENT_TOKEN}.
 */
public final class AgentToken {
    public static final String STATE_FILE = "k3s/agent-token";
    public static final int LENGTH = 48;

    private AgentToken() {
    }

    public static String loadOrCreate(StateDir state) {
        String value = GeneratedSecret.loadOrCreate(state, STATE_FILE, LENGTH);
        SecretRedactor.global().register(value);
        return value;
    }
}
