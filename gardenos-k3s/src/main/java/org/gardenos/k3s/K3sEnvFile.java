package org.gardenos.k3s;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code /etc/rancher/k3s/k3s.env}: the node's join credentials, read by systemd ({@code EnvironmentFile=}).
 * Installed 0600 root: the only place on a host where GardenOS puts a token. What a node gets
 * ({@link #forFirstServer}, {@link #forJoiningServer}, {@link #forAgent}):
 * <ul>
 * <li>the first server: the short server token (K3s accepts only that on the server that makes the cluster CA) and
 *     the agent token ({@code K3S_AGENT_TOKEN});</li>
 * <li>the other servers: the full {@code K10<CA hash>::server:<token>} read from the first server, so they check
 *     the cluster CA before sending credentials, and the agent token;</li>
 * <li>agents: only the full agent token {@code K10<CA hash>::node:<agent token>}; never the server token, which
 *     would make an agent's root a cluster admin.</li>
 * </ul>
 */
public final class K3sEnvFile {
    public static final int MODE = 0600;
    /** Letters, digits and the colons of the K10 form: no newline or quote that could add other variables. */
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9:]+");

    private K3sEnvFile() {
    }

    public static String forFirstServer(String serverToken, String agentToken) {
        return render(ordered("K3S_TOKEN", serverToken, "K3S_AGENT_TOKEN", agentToken));
    }

    public static String forJoiningServer(JoinToken serverJoinToken, String agentToken) {
        return render(ordered("K3S_TOKEN", serverJoinToken.value(), "K3S_AGENT_TOKEN", agentToken));
    }

    public static String forAgent(JoinToken agentJoinToken) {
        return render(ordered("K3S_TOKEN", agentJoinToken.value()));
    }

    /** One variable per line; each value checked against {@link #VALUE}. */
    static String render(Map<String, String> variables) {
        StringBuilder b = new StringBuilder("# Managed by GardenOS (layer k3s). Secret: keep mode 0600.\n");
        variables.forEach((name, value) -> {
            if (!VALUE.matcher(value).matches()) {
                // a newline or quote would let the value inject other variables into the unit's environment
                throw new IllegalArgumentException(name + " must be letters, digits and colons only");
            }
            b.append(name).append('=').append(value).append('\n');
        });
        return b.toString();
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }
}
