package org.gardenos.etcd;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.gardenos.error.GardenException;
import org.gardenos.artifact.ArtifactSpec;
import org.gardenos.artifact.FetchedArtifact;
import org.gardenos.artifact.ReleaseArtifact;
import org.gardenos.artifact.HashedFile;
import org.gardenos.engine.Poll;
import org.gardenos.etcd.client.EtcdClients;
import org.gardenos.etcd.client.EtcdConnection;
import org.gardenos.etcd.client.MemberChannels;
import org.gardenos.etcd.pki.EtcdPki;
import org.gardenos.etcd.status.EtcdClusterStatus;
import org.gardenos.etcd.status.EtcdStatusProbe;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.secret.NewSecretGuard;
import org.gardenos.state.StateDir;
import org.gardenos.etcd.settings.EtcdSection;
import org.gardenos.etcd.settings.EtcdSettings;

/**
 * What one apply of the etcd layer shares between its resources: the inventory's etcd hosts, the PKI, the release
 * binaries (fetched and extracted once) and the bootstrap decision (taken once, before any member starts).
 */
final class EtcdRun {
    private final Inventory inventory;
    private final ReleaseArtifact artifacts;
    private final EtcdTimeouts timeouts;
    private Map<String, HashedFile> binaries;
    private Boolean bootstrap;
    private final Optional<NewSecretGuard> caGuard;
    private final EtcdClients clients = new EtcdClients();
    private final boolean shared;
    private final Map<String, Boolean> memberCurrent = new java.util.HashMap<>();

    /** For an operation: every probe opens and closes channels of its own (nothing closes the run). */
    EtcdRun(Inventory inventory, ReleaseArtifact artifacts, EtcdTimeouts timeouts) {
        this(inventory, artifacts, timeouts, Optional.empty(), false);
    }

    /**
     * {@code caGuard}: asked before a new CA is made (see {@link NewSecretGuard}); operations pass none.
     * {@code shared}: the checks of the run share one connection per identity ({@link EtcdClients}); the owner
     * closes the run ({@link #close}) when it ends.
     */
    EtcdRun(Inventory inventory, ReleaseArtifact artifacts, EtcdTimeouts timeouts, Optional<NewSecretGuard> caGuard,
            boolean shared) {
        this.inventory = inventory;
        this.artifacts = artifacts;
        this.timeouts = timeouts;
        this.caGuard = caGuard;
        this.shared = shared;
    }

    /** This run's TLS contexts and shared member channels. */
    EtcdClients clients() {
        return clients;
    }

    /**
     * Called when an apply of this run (re)started, stopped or removed members: the shared channels are dropped, so
     * the next check connects again instead of waiting out gRPC's reconnect back-off to a restarted member.
     */
    void membersChanged() {
        clients.reconnect();
    }

    /** Closes the shared channels at the end of the run. */
    void close() {
        clients.close();
    }

    Optional<NewSecretGuard> caGuard() {
        return caGuard;
    }

    Inventory inventory() {
        return inventory;
    }

    EtcdSettings settings() {
        return inventory.section(EtcdSettings.class);
    }

    EtcdTimeouts timeouts() {
        return timeouts;
    }

    List<HostSpec> etcdHosts() {
        return inventory.hostsWith(EtcdSection.ROLE);
    }

    String token() {
        return "gardenos-" + inventory.cluster();
    }

    String scheme() {
        return settings().tls() ? "https" : "http";
    }

    URI clientUrl(HostSpec h) {
        return URI.create(scheme() + "://" + h.address() + ":" + settings().clientPort());
    }

    String peerUrl(HostSpec h) {
        return scheme() + "://" + h.address() + ":" + settings().peerPort();
    }

    /** {@code name=peerURL,...} over every etcd host of the inventory: the cluster as first bootstrapped. */
    String bootstrapCluster() {
        return etcdHosts().stream().map(h -> h.name() + "=" + peerUrl(h)).collect(Collectors.joining(","));
    }

    /**
     * The PKI with whatever is missing issued (apply only: it writes keys). A new CA is made only after the guard
     * found no host that already carries one.
     */
    synchronized Optional<EtcdPki> pki(StateDir state) {
        if (!settings().tls()) {
            return Optional.empty();
        }
        caGuard.ifPresent(g -> g.refuseIfCarried(state));
        return Optional.of(EtcdPki.ensure(state, etcdHosts().stream()
                .map(h -> new EtcdPki.Member(h.name(), h.address())).toList()));
    }

    /** The kept PKI, read only (plans and probes never issue); empty without TLS or before the first apply. */
    Optional<EtcdPki> existingPki(StateDir state) {
        return settings().tls() ? EtcdPki.existing(state) : Optional.empty();
    }

    EtcdConnection connection(StateDir state) {
        List<URI> endpoints = etcdHosts().stream().map(this::clientUrl).toList();
        Optional<EtcdPki> pki = existingPki(state);
        return new EtcdConnection(endpoints, pki.map(EtcdConnection.ClientTls::gardenos), timeouts.probe());
    }

    /**
     * One probe of the cluster: over the run's shared channels (checks), or over channels of its own when the run
     * shares none (operations).
     */
    EtcdClusterStatus probe(StateDir state) {
        EtcdConnection c = connection(state);
        return overChannels(c, channels -> new EtcdStatusProbe(c).probe(channels));
    }

    /**
     * {@code work} over channels to every endpoint of {@code c}: the run's shared ones (kept for the next check),
     * or, in a run that shares none (operations, nothing closes them at the end), channels of its own closed after.
     */
    <T> T overChannels(EtcdConnection c, java.util.function.Function<MemberChannels, T> work) {
        if (shared) {
            return work.apply(clients.channels(c));
        }
        try (MemberChannels own = clients.fresh(c)) {
            return work.apply(own);
        }
    }

    /** A probe over channels of its own, closed after: what waits across member restarts use. */
    private EtcdClusterStatus fresh(StateDir state) {
        EtcdConnection c = connection(state);
        try (MemberChannels channels = clients.fresh(c)) {
            return new EtcdStatusProbe(c).probe(channels);
        }
    }

    /**
     * {@link EtcdPki#memberCurrent}, asked once per content of the member's files in the run: every PKI file check
     * of a member asks it (7 per member), and each answer verifies two certificates' keys and signatures (issue 13:
     * about 0.1 s of CPU of a no-op plan on 3 members). Keyed on the files' content, so a certificate issued during
     * the run is asked about again.
     */
    boolean memberCurrent(StateDir state, EtcdPki.Member member) {
        StringBuilder key = new StringBuilder(state.root() + " " + member);
        for (String f : List.of(EtcdPki.ROOT + "/ca.crt", EtcdPki.ROOT + "/ca.key",
                EtcdPki.ROOT + "/members/" + member.name() + ".crt", EtcdPki.ROOT + "/members/" + member.name() + ".key",
                EtcdPki.PEER_ROOT + "/ca.crt", EtcdPki.PEER_ROOT + "/ca.key",
                EtcdPki.PEER_ROOT + "/members/" + member.name() + ".crt",
                EtcdPki.PEER_ROOT + "/members/" + member.name() + ".key", EtcdPki.PEER_ROOT + "/trust-both.crt")) {
            key.append(' ').append(f).append('=').append(sha256OrAbsent(state, f));
        }
        synchronized (memberCurrent) {
            Boolean known = memberCurrent.get(key.toString());
            if (known != null) {
                return known;
            }
        }
        boolean current = EtcdPki.memberCurrent(state, member);
        synchronized (memberCurrent) {
            memberCurrent.put(key.toString(), current);
        }
        return current;
    }

    /**
     * True when no etcd host of the inventory answers at all: a new cluster is bootstrapped (every member starts
     * with {@code initial-cluster-state: new}). Decided once per apply, before the first member starts, so members
     * starting later in the same apply do not see the first ones and change their mind.
     */
    synchronized boolean bootstrapping(StateDir state) {
        if (bootstrap == null) {
            EtcdClusterStatus s = probe(state);
            bootstrap = s.members().stream().noneMatch(m -> m.reachable());
        }
        return bootstrap;
    }

    /**
     * {@code etcd} and {@code etcdctl} (and {@code etcdutl} when present) from the release tarball (downloaded and
     * verified, or the local artifact), extracted once into the artifact cache with their hashes: fetched once per
     * run, and neither hashed nor read again for a host's check (issue 13: re-hashing them per host and run was
     * half of a no-op apply's CPU).
     */
    synchronized Map<String, HashedFile> binaries() {
        if (binaries == null) {
            EtcdSettings s = settings();
            String file = "etcd-v" + s.version() + "-linux-amd64.tar.gz";
            ArtifactSpec spec = s.artifact().isPresent()
                    ? ArtifactSpec.local(s.artifact().get(), s.sha256())
                    : new ArtifactSpec(file, s.downloadBaseUrl() + "/v" + s.version(), s.sha256(),
                    s.sha256().isPresent() ? Optional.empty() : Optional.of("SHA256SUMS"), Optional.empty());
            FetchedArtifact fetched = artifacts.fetch(spec);
            Map<String, HashedFile> found = artifacts.extract(fetched, Set.of("etcd", "etcdctl", "etcdutl"));
            if (!found.keySet().containsAll(Set.of("etcd", "etcdctl"))) {
                throw new GardenException(fetched.path() + " has no etcd and etcdctl inside (found " + found.keySet()
                        + "); hint: use an official etcd-vX.Y.Z-linux-amd64.tar.gz");
            }
            binaries = found;
        }
        return binaries;
    }

    String etcdSha256() {
        return binaries().get("etcd").sha256();
    }

    EtcdMemberConfig memberConfig(HostSpec h, EtcdMemberConfig.Initial initial) {
        EtcdSettings s = settings();
        return new EtcdMemberConfig(h.name(), h.address(), s.clientPort(), s.peerPort(), s.dataDir(), s.tls(),
                initial);
    }

    /**
     * Hash of everything a running member was started with (config, unit, binary, certificates and key): when it
     * differs from the one recorded on the host at the last (re)start, the member must restart to pick it up.
     */
    String fingerprint(StateDir state, HostSpec h, String config) {
        return fingerprint(state, h, config, etcdSha256());
    }

    /** As above with the etcd binary's hash given (operations read it from the host instead of the release). */
    String fingerprint(StateDir state, HostSpec h, String config, String etcdSha256) {
        Map<String, String> parts = new TreeMap<>();
        parts.put("config", ReleaseArtifact.sha256(config.getBytes(StandardCharsets.UTF_8)));
        parts.put("unit", ReleaseArtifact.sha256(EtcdUnit.render().getBytes(StandardCharsets.UTF_8)));
        parts.put("etcd", etcdSha256);
        if (settings().tls()) {
            // read only: during a plan the member's certificate may not be issued yet ("absent" then differs)
            parts.put("ca", sha256OrAbsent(state, EtcdPki.ROOT + "/ca.crt"));
            parts.put("cert", sha256OrAbsent(state, EtcdPki.ROOT + "/members/" + h.name() + ".crt"));
            parts.put("key", sha256OrAbsent(state, EtcdPki.ROOT + "/members/" + h.name() + ".key"));
            // the peer files count only where the config uses them: a member restarted on its way to the peer CA
            // must not look changed once the files appear
            if (config.contains(EtcdHostPaths.PEER_CERT) || config.contains(EtcdHostPaths.PEER_TRUST_BOTH)) {
                parts.put("peer-ca", sha256OrAbsent(state, EtcdPki.PEER_ROOT + "/ca.crt"));
                parts.put("peer-cert", sha256OrAbsent(state, EtcdPki.PEER_ROOT + "/members/" + h.name() + ".crt"));
                parts.put("peer-key", sha256OrAbsent(state, EtcdPki.PEER_ROOT + "/members/" + h.name() + ".key"));
            }
        }
        return ReleaseArtifact.sha256(parts.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256OrAbsent(StateDir state, String relative) {
        return state.read(relative).map(ReleaseArtifact::sha256).orElse("absent");
    }

    static byte[] read(java.nio.file.Path p) {
        try {
            return java.nio.file.Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new GardenException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    /** Waits until {@code until} holds for a fresh probe, or fails naming every member's state. */
    EtcdClusterStatus await(StateDir state, Duration timeout, String what,
                            java.util.function.Predicate<EtcdClusterStatus> until) {
        // fresh channels on every poll: a member restarted a moment ago must not be read through a channel that
        // saw it go away (gRPC waits out a back-off before it connects again)
        return Poll.until(what, timeout, Duration.ofMillis(500), () -> fresh(state), until, s -> {
            List<String> lines = new ArrayList<>();
            s.members().forEach(m -> lines.add(m.describe()));
            return new GardenException("etcd: " + what + " not reached in " + timeout.toSeconds() + " s ("
                    + s.summary() + "): " + String.join("; ", lines));
        });
    }
}
