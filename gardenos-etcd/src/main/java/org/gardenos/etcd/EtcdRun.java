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
import org.gardenos.etcd.access.EtcdAccessClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one apply of the etcd layer shares between its resources: the inventory's etcd hosts, the PKI, the release
 * binaries (fetched and extracted once) and the bootstrap decision (taken once, before any member starts).
 */
final class EtcdRun {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdRun.class);

    private final Inventory inventory;
    private final ReleaseArtifact artifacts;
    private final EtcdTimeouts timeouts;
    private Map<String, HashedFile> binaries;
    private Boolean bootstrap;
    private final Optional<NewSecretGuard> caGuard;
    private final EtcdClients clients = new EtcdClients();
    private final boolean shared;
    private final MemberPkiVerdicts memberPki = new MemberPkiVerdicts();
    private final java.util.concurrent.atomic.AtomicReference<Thread> ahead = new java.util.concurrent.atomic.AtomicReference<>();

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

    /**
     * When the run starts (the layer's {@code Play.atStart}), before any host is touched, in the background: the run's
     * shared channels connect (TLS contexts, handshakes: {@code gardenos} to every member, {@code k3s} to the first,
     * the ones the checks use) and every member's PKI files are verified ({@link #memberCurrent}). Why (issue 13):
     * a no-op plan did all of it one step after the other once the SSH batches had answered (the PKI file checks,
     * then the prune, health and access checks, each waiting for its connections), while during the SSH set-up and
     * the hosts' probe scripts the CLI mostly waits. The checks then find their answers or connections ready; a
     * connection that failed meanwhile is made again by the first check that asks for it
     * ({@link EtcdClients#channels}), so a check reports a member as it finds it. Reads only, like the checks
     * (nothing issued or written); only in a run that shares its channels and has a PKI. Joined by {@link #close}.
     */
    void start(StateDir state) {
        if (!shared) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                ahead(state);
            } catch (RuntimeException e) {
                LOG.debug("etcd: connecting ahead of the checks failed (the checks connect themselves): {}", e.toString());
            }
        }, "etcd-ahead");
        t.setDaemon(true);
        if (ahead.compareAndSet(null, t)) {
            t.start();
        }
    }

    private void ahead(StateDir state) {
        Optional<EtcdPki> pki = existingPki(state);
        if (settings().tls() && pki.isEmpty()) {
            return; // no PKI yet: a first apply issues it, and nothing could connect
        }
        EtcdConnection gardenos = connection(state);
        clients.ahead(gardenos).connect();
        if (pki.isPresent()) {
            URI first = gardenos.endpoints().get(0);
            clients.ahead(EtcdAccessClient.asK3s(gardenos, pki.get())).connect(first);
            etcdHosts().forEach(h -> memberCurrent(state, new EtcdPki.Member(h.name(), h.address())));
        }
    }

    /** Waits (bounded) until what {@link #start} began has been started: connects begun, PKI verified. */
    void awaitStart() {
        Thread t = ahead.get();
        if (t != null) {
            try {
                t.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Closes the shared channels at the end of the run, once what {@link #start} began has ended. */
    void close() {
        awaitStart();
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
     * {@link EtcdPki#memberCurrent}, asked once per content of the member's files in the run
     * ({@link MemberPkiVerdicts}).
     */
    boolean memberCurrent(StateDir state, EtcdPki.Member member) {
        return memberPki.current(state, member);
    }

    /** How many times {@link EtcdPki#memberCurrent} ran in this run (a test's count). */
    int memberVerifications() {
        return memberPki.verifications();
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

    static String sha256OrAbsent(StateDir state, String relative) {
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
