package org.gardenos.etcd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.Optional;

/**
 * One member's etcd configuration file ({@code /etc/etcd/etcd.conf.yml}), rendered without I/O through Jackson YAML
 * and read back the same way. etcd reads only this
 * file when started with {@code --config-file} (flags and ETCD_* variables are then ignored), so everything is here.
 * The three {@code initial-*} values matter only on a member's first start; the layer keeps them as first written
 * ("sticky") so a re-run with a grown inventory does not rewrite, and restart, every existing member.
 */
public record EtcdMemberConfig(String name, String address, int clientPort, int peerPort, String dataDir, boolean tls,
                               Initial initial, PeerTls peerTls) {
    /**
     * What the peer port presents and trusts. {@link #OWN_CA} is the goal (issue 9 item 3): peer certificates from
     * the peers' own CA, and only that CA trusted, so a client certificate is refused on the peer port. The others
     * are the steps a cluster built with one shared CA takes to get there without losing quorum (see
     * {@link EtcdPeerCaMove}); etcd reads certificates at each handshake but its trusted CAs only at start.
     */
    public enum PeerTls {
        /** Member certificate, shared CA trusted (GardenOS before the peer CA). */
        SHARED_CA(EtcdHostPaths.CA, EtcdHostPaths.MEMBER_CERT, EtcdHostPaths.MEMBER_KEY),
        /** Step 1: member certificate, both CAs trusted. */
        TRUST_BOTH(EtcdHostPaths.PEER_TRUST_BOTH, EtcdHostPaths.MEMBER_CERT, EtcdHostPaths.MEMBER_KEY),
        /** Step 2: peer certificate, both CAs trusted. */
        PEER_CERT(EtcdHostPaths.PEER_TRUST_BOTH, EtcdHostPaths.PEER_CERT, EtcdHostPaths.PEER_KEY),
        /** The goal: peer certificate, only the peer CA trusted. */
        OWN_CA(EtcdHostPaths.PEER_CA, EtcdHostPaths.PEER_CERT, EtcdHostPaths.PEER_KEY);

        final String trustedCa;
        final String cert;
        final String key;

        PeerTls(String trustedCa, String cert, String key) {
            this.trustedCa = trustedCa;
            this.cert = cert;
            this.key = key;
        }
    }

    /** A member with the goal's peer TLS ({@link PeerTls#OWN_CA}). */
    public EtcdMemberConfig(String name, String address, int clientPort, int peerPort, String dataDir, boolean tls,
                            Initial initial) {
        this(name, address, clientPort, peerPort, dataDir, tls, initial, PeerTls.OWN_CA);
    }

    public EtcdMemberConfig withPeerTls(PeerTls p) {
        return new EtcdMemberConfig(name, address, clientPort, peerPort, dataDir, tls, initial, p);
    }

    /** {@code initial-cluster}, {@code initial-cluster-state} ({@code new} or {@code existing}) and the token. */
    public record Initial(String cluster, String state, String token) {
        public Initial {
            if (!state.equals("new") && !state.equals("existing")) {
                throw new IllegalArgumentException("initial-cluster-state must be new or existing, got " + state);
            }
        }
    }

    private static final String HEADER =
            "# Managed by GardenOS (etcd layer). Local edits are overwritten on the next apply.\n";
    /** Every string double-quoted (a member named {@code yes} or {@code 0700} stays a string), no document marker. */
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .build();
    /** The config is read back from a host (untrusted): anything larger is not one GardenOS wrote. */
    private static final int MAX_CONFIG_CHARS = 64 * 1024;

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
        ObjectNode y = YAML.createObjectNode();
        y.put("name", name);
        y.put("data-dir", dataDir);
        y.put("listen-client-urls", clientUrl() + "," + scheme() + "://127.0.0.1:" + clientPort);
        y.put("advertise-client-urls", clientUrl());
        y.put("listen-peer-urls", peerUrl());
        y.put("initial-advertise-peer-urls", peerUrl());
        // plain-HTTP /health and /metrics on loopback only, for local checks without client certificates
        y.put("listen-metrics-urls", "http://127.0.0.1:" + (clientPort + 2));
        y.put("initial-cluster", initial.cluster());
        y.put("initial-cluster-state", initial.state());
        y.put("initial-cluster-token", initial.token());
        // etcd's v3 JSON gateway (/v3/kv/..., /v3/cluster/...), which Patroni's etcd3 client and the postgres layer's
        // checks speak: the etcd flag defaults to on, but a --config-file that does not name it leaves it off
        // (measured on Debian's 3.4.23 in the sandbox: every /v3 path answered 404)
        y.put("enable-grpc-gateway", true);
        y.put("logger", "zap");
        y.putArray("log-outputs").add("stderr");
        if (tls) {
            ObjectNode c = y.putObject("client-transport-security");
            c.put("cert-file", EtcdHostPaths.MEMBER_CERT);
            c.put("key-file", EtcdHostPaths.MEMBER_KEY);
            c.put("trusted-ca-file", EtcdHostPaths.CA);
            c.put("client-cert-auth", true);
            ObjectNode p = y.putObject("peer-transport-security");
            p.put("cert-file", peerTls.cert);
            p.put("key-file", peerTls.key);
            p.put("trusted-ca-file", peerTls.trustedCa);
            p.put("client-cert-auth", true);
        }
        try {
            return HEADER + YAML.writeValueAsString(y);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the etcd config of " + name, e);
        }
    }

    /**
     * The {@code initial-*} values of a member's config as found on its host, if all three are there and valid
     * (any YAML etcd accepts, e.g. what earlier GardenOS versions rendered); empty for anything else.
     */
    public static Optional<Initial> initialOf(String config) {
        if (config.length() > MAX_CONFIG_CHARS) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = YAML.readTree(config);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        if (root == null || !root.isObject()) {
            return Optional.empty();
        }
        Optional<String> cluster = text(root, "initial-cluster");
        Optional<String> state = text(root, "initial-cluster-state").filter(v -> v.equals("new")
                || v.equals("existing"));
        Optional<String> token = text(root, "initial-cluster-token");
        if (cluster.isEmpty() || state.isEmpty() || token.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Initial(cluster.get(), state.get(), token.get()));
    }

    /** The peer TLS step of a member's config as found on its host; empty when it has none GardenOS renders. */
    public static Optional<PeerTls> peerTlsOf(String config) {
        if (config.length() > MAX_CONFIG_CHARS) {
            return Optional.empty();
        }
        try {
            JsonNode peer = YAML.readTree(config).path("peer-transport-security");
            String ca = peer.path("trusted-ca-file").asText("");
            String cert = peer.path("cert-file").asText("");
            for (PeerTls p : PeerTls.values()) {
                if (p.trustedCa.equals(ca) && p.cert.equals(cert)) {
                    return Optional.of(p);
                }
            }
            return Optional.empty();
        } catch (JsonProcessingException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> text(JsonNode root, String key) {
        JsonNode v = root.get(key);
        return v != null && v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
    }
}
