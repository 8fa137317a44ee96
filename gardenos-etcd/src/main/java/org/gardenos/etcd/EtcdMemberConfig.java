package org.gardenos.etcd;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One member's etcd configuration file ({@code /etc/etcd/etcd.conf.yml}), rendered without I/O. etcd reads only this
 * file when started with {@code --config-file} (flags and ETCD_* variables are then ignored), so everything is here.
 * The three {@code initial-*} values matter only on a member's first start; the layer keeps them as first written
 * ("sticky") so a re-run with a grown inventory does not rewrite, and restart, every existing member.
 */
public record EtcdMemberConfig(String name, String address, int clientPort, int peerPort, String dataDir, boolean tls,
                               Initial initial) {
    /** {@code initial-cluster}, {@code initial-cluster-state} ({@code new} or {@code existing}) and the token. */
    public record Initial(String cluster, String state, String token) {
        public Initial {
            if (!state.equals("new") && !state.equals("existing")) {
                throw new IllegalArgumentException("initial-cluster-state must be new or existing, got " + state);
            }
        }
    }

    private static final Pattern LINE = Pattern.compile("(?m)^(initial-cluster|initial-cluster-state|"
            + "initial-cluster-token): *'?([^'\\n]*)'?$");

    public String scheme() {
        return tls ? "https" : "http";
    }

    public String clientUrl() {
        return scheme() + "://" + address + ":" + clientPort;
    }

    public String peerUrl() {
        return scheme() + "://" + address + ":" + peerPort;
    }

    public String render() {
        StringBuilder y = new StringBuilder();
        y.append("# Managed by GardenOS (etcd layer). Local edits are overwritten on the next apply.\n");
        y.append("name: '").append(name).append("'\n");
        y.append("data-dir: '").append(dataDir).append("'\n");
        y.append("listen-client-urls: '").append(clientUrl()).append(',').append(scheme()).append("://127.0.0.1:")
                .append(clientPort).append("'\n");
        y.append("advertise-client-urls: '").append(clientUrl()).append("'\n");
        y.append("listen-peer-urls: '").append(peerUrl()).append("'\n");
        y.append("initial-advertise-peer-urls: '").append(peerUrl()).append("'\n");
        // plain-HTTP /health and /metrics on loopback only, for local checks without client certificates
        y.append("listen-metrics-urls: 'http://127.0.0.1:").append(clientPort + 2).append("'\n");
        y.append("initial-cluster: '").append(initial.cluster()).append("'\n");
        y.append("initial-cluster-state: '").append(initial.state()).append("'\n");
        y.append("initial-cluster-token: '").append(initial.token()).append("'\n");
        y.append("logger: zap\n");
        y.append("log-outputs: [stderr]\n");
        if (tls) {
            for (String section : new String[] {"client-transport-security", "peer-transport-security"}) {
                y.append(section).append(":\n");
                y.append("  cert-file: '").append(EtcdHostPaths.MEMBER_CERT).append("'\n");
                y.append("  key-file: '").append(EtcdHostPaths.MEMBER_KEY).append("'\n");
                y.append("  trusted-ca-file: '").append(EtcdHostPaths.CA).append("'\n");
                y.append("  client-cert-auth: true\n");
            }
        }
        return y.toString();
    }

    /** The {@code initial-*} values of a config this class rendered earlier, if all three are there. */
    public static Optional<Initial> initialOf(String renderedConfig) {
        String cluster = null;
        String state = null;
        String token = null;
        Matcher m = LINE.matcher(renderedConfig);
        while (m.find()) {
            switch (m.group(1)) {
                case "initial-cluster" -> cluster = m.group(2);
                case "initial-cluster-state" -> state = m.group(2);
                default -> token = m.group(2);
            }
        }
        if (cluster == null || token == null || !("new".equals(state) || "existing".equals(state))) {
            return Optional.empty();
        }
        return Optional.of(new Initial(cluster, state, token));
    }
}
