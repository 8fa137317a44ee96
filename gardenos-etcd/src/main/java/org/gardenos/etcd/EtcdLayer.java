package org.gardenos.etcd;

import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.gardenos.artifact.ReleaseArtifact;
import org.gardenos.engine.Layer;
import org.gardenos.engine.Play;
import org.gardenos.engine.Resource;
import org.gardenos.etcd.pki.EtcdPki;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.remote.RemoteHostConnector;
import org.gardenos.resources.DeferredRemoteFile;
import org.gardenos.secret.NewSecretGuard;
import org.gardenos.resources.RemoteFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.gardenos.etcd.settings.EtcdSettings;

/**
 * The etcd layer: a TLS etcd cluster (v3 API only) on the inventory's {@code etcd} hosts, operated over time.
 * Plays, in order:
 * <ol>
 * <li>{@code etcd-install} (parallel): user and dirs, binaries, CA + member certificate and key, systemd unit;</li>
 * <li>{@code etcd-peer-ca} (first etcd host, TLS only): a cluster whose peers still use the shared CA moves to the
 *     peer CA in three rolling restarts ({@link EtcdPeerCaMove});</li>
 * <li>{@code etcd-members} (one host at a time): config and service per member: bootstrap, join (MemberAdd),
 *     rolling restart on change, start when stopped (see {@link EtcdMemberService});</li>
 * <li>{@code etcd-prune} (first etcd host): members no longer in the inventory are removed, then stopped;</li>
 * <li>{@code etcd-healthy} (first etcd host): waits until every member is healthy;</li>
 * <li>{@code etcd-access} (first etcd host, TLS only): users and roles per client certificate, then auth on
 *     ({@link EtcdAccessControl}).</li>
 * </ol>
 */
public final class EtcdLayer implements Layer {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdLayer.class);

    private final Optional<RemoteHostConnector> connector;
    private final ReleaseArtifact artifacts;
    private final EtcdTimeouts timeouts;

    /** The artifact cache and the timeouts come from the injector (see {@link EtcdModule}), so both can be rebound. */
    @Inject
    public EtcdLayer(RemoteHostConnector connector, ReleaseArtifact artifacts, EtcdTimeouts timeouts) {
        this(Optional.of(connector), artifacts, timeouts);
    }

    /** Without a connector: plays can be listed and planned, but stale members cannot be stopped over SSH. */
    public EtcdLayer(Optional<RemoteHostConnector> connector, ReleaseArtifact artifacts, EtcdTimeouts timeouts) {
        this.connector = connector;
        this.artifacts = artifacts;
        this.timeouts = timeouts;
    }

    @Override
    public String name() {
        return "etcd";
    }

    @Override
    public Set<String> dependsOn() {
        return Set.of("base");
    }

    @Override
    public List<Play> plays(Inventory inventory) {
        List<HostSpec> hosts = inventory.hostsWith(org.gardenos.etcd.settings.EtcdSection.ROLE);
        // one guard per run: a wrong --state-dir must not make a new CA for hosts that already trust one
        Optional<NewSecretGuard> caGuard = inventory.section(EtcdSettings.class).tls()
                ? connector.map(c -> new NewSecretGuard("etcd CA", EtcdPki.ROOT + "/ca.crt", EtcdHostPaths.CA, hosts, c))
                : Optional.empty();
        EtcdRun run = new EtcdRun(inventory, artifacts, timeouts, caGuard, true);
        if (hosts.isEmpty()) {
            return List.of();
        }
        tlsWarning(inventory).ifPresent(LOG::warn);
        List<HostSpec> first = List.of(hosts.get(0));
        return List.of(
                new Play("etcd-install", hosts, h -> install(run, h), Play.Strategy.PARALLEL),
                new Play("etcd-peer-ca", first, h -> run.settings().tls() && connector.isPresent()
                        ? List.of(new EtcdPeerCaMove(run, connector.get())) : List.of(), Play.Strategy.ONE_AT_A_TIME),
                new Play("etcd-members", hosts, h -> List.of(new EtcdMemberService(run, h)),
                        Play.Strategy.ONE_AT_A_TIME),
                new Play("etcd-prune", first, h -> List.of(new EtcdStaleMembers(run, connector)),
                        Play.Strategy.ONE_AT_A_TIME),
                new Play("etcd-healthy", first, h -> List.of(new EtcdClusterHealthy(run)),
                        Play.Strategy.ONE_AT_A_TIME),
                // the last play starts the connections the plays' checks share when the run starts (in the
                // background, see EtcdRun.start) and closes them once the run has ended
                new Play("etcd-access", first, h -> run.settings().tls() ? List.of(new EtcdAccessControl(run))
                        : List.of(), Play.Strategy.ONE_AT_A_TIME, run::close, run::start));
    }

    /** The warning printed when the inventory turns TLS off ({@code etcd.tls: false}); empty when TLS is on. */
    public static Optional<String> tlsWarning(Inventory inventory) {
        if (inventory.section(EtcdSettings.class).tls()) {
            return Optional.empty();
        }
        return Optional.of("etcd.tls is false in " + inventory.file() + ": etcd serves clients and peers over plain "
                + "HTTP without authentication; anyone who reaches port " + inventory.section(EtcdSettings.class).clientPort()
                + " can read and write every key (K3s secrets, Patroni leader keys)");
    }

    private static List<Resource> install(EtcdRun run, HostSpec h) {
        List<Resource> r = new ArrayList<>();
        r.add(new EtcdVersionStep(run.settings().version()));
        run.caGuard().ifPresent(g -> r.add(g.resource()));
        r.add(new EtcdSystemSetup(run.settings().dataDir()));
        r.add(DeferredRemoteFile.ofLocal(EtcdHostPaths.ETCD, 0755, "root:root",
                t -> Optional.of(run.binaries().get("etcd"))));
        r.add(DeferredRemoteFile.ofLocal(EtcdHostPaths.ETCDCTL, 0755, "root:root",
                t -> Optional.of(run.binaries().get("etcdctl"))));
        // etcdutl is not in every release tarball: installed when present
        r.add(DeferredRemoteFile.ofLocal(EtcdHostPaths.ETCDUTL, 0755, "root:root",
                t -> Optional.ofNullable(run.binaries().get("etcdutl"))));
        if (run.settings().tls()) {
            EtcdPki.Member member = new EtcdPki.Member(h.name(), h.address());
            r.add(new EtcdPkiFile(run, member, EtcdHostPaths.CA, 0644, p -> p.caCert()));
            r.add(new EtcdPkiFile(run, member, EtcdHostPaths.MEMBER_CERT, 0644, p -> p.member(h.name()).cert()));
            r.add(new EtcdPkiFile(run, member, EtcdHostPaths.MEMBER_KEY, 0600, p -> p.member(h.name()).key()));
            r.add(new EtcdPkiFile(run, member, EtcdHostPaths.PEER_CA, 0644, p -> p.peerCaCert()));
            r.add(new EtcdPkiFile(run, member, EtcdHostPaths.PEER_TRUST_BOTH, 0644, p -> p.peerTrustBoth()));
            r.add(new EtcdPkiFile(run, member, EtcdHostPaths.PEER_CERT, 0644, p -> p.peer(h.name()).cert()));
            r.add(new EtcdPkiFile(run, member, EtcdHostPaths.PEER_KEY, 0600, p -> p.peer(h.name()).key()));
        }
        r.add(RemoteFile.text(EtcdHostPaths.UNIT, EtcdUnit.render(), 0644, "root:root")
                .withAfterWrite("systemctl daemon-reload"));
        return r;
    }
}
