package org.gardenos.etcd;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.gardenos.datastore.EtcdRestoreParticipant;
import org.gardenos.artifact.ReleaseArtifact;
import org.gardenos.etcd.client.EtcdConnection;
import org.gardenos.etcd.pki.EtcdPki;
import org.gardenos.etcd.status.EtcdClusterStatus;
import org.gardenos.etcd.status.EtcdStatusProbe;
import org.gardenos.engine.HostLocks;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.etcd.settings.EtcdSection;
import org.gardenos.etcd.settings.EtcdSettings;
import org.gardenos.remote.RemoteHostConnector;
import org.gardenos.state.StateDir;
import org.gardenos.state.StateDirLock;

/**
 * Day-2 operations on the inventory's etcd cluster, with GardenOS's client certificate from the state directory:
 * {@code garden.get(EtcdOperations.class).saveSnapshot(file)}. Bound by {@link EtcdModule}; the timeouts without an
 * explicit argument come from the bound {@link EtcdTimeouts}.
 *
 * <p>Every operation first checks the inventory has etcd hosts and, with TLS on, that the state directory holds
 * the etcd PKI an earlier apply left ({@link EtcdAccessException} otherwise): a fresh CA made here would not be
 * trusted by the cluster. Runtime failures are {@link EtcdOperationException}s naming the operation.
 */
public final class EtcdOperations {
    private final Inventory inventory;
    private final StateDir state;
    private final RemoteHostConnector connector;
    private final ReleaseArtifact artifacts;
    private final EtcdTimeouts timeouts;
    private final Clock clock;
    private final Set<EtcdRestoreParticipant> restoreParticipants;

    public EtcdOperations(Inventory inventory, StateDir state, RemoteHostConnector connector,
                          ReleaseArtifact artifacts, EtcdTimeouts timeouts, Clock clock) {
        this(inventory, state, connector, artifacts, timeouts, clock, Set.of());
    }

    /** {@code restoreParticipants}: the layers stopped around a snapshot restore (K3s servers), bound by them. */
    @Inject
    public EtcdOperations(Inventory inventory, StateDir state, RemoteHostConnector connector,
                          ReleaseArtifact artifacts, EtcdTimeouts timeouts, Clock clock,
                          Set<EtcdRestoreParticipant> restoreParticipants) {
        this.restoreParticipants = Set.copyOf(restoreParticipants);
        this.inventory = inventory;
        this.state = state;
        this.connector = connector;
        this.artifacts = artifacts;
        this.timeouts = timeouts;
        this.clock = clock;
    }

    /**
     * The check every operation makes, for callers that must make it before opening the state directory (opening
     * creates it): throws {@link EtcdAccessException} when the inventory has no etcd host, or TLS is on and
     * {@code stateDir} lacks the etcd PKI.
     */
    public static void checkAccess(Inventory inventory, Path stateDir) {
        if (inventory.hostsWith(EtcdSection.ROLE).isEmpty()) {
            throw new EtcdAccessException(inventory.file() + ": no host has the role 'etcd'; hint: give the etcd role"
                    + " to the hosts that run etcd");
        }
        if (inventory.section(EtcdSettings.class).tls()) {
            List<Path> missing = EtcdPki.missingClientFiles(stateDir);
            if (!missing.isEmpty()) {
                throw new EtcdAccessException(missing.get(0) + ": missing: no etcd PKI of cluster '"
                        + inventory.cluster() + "' in this state directory; hint: pass the --state-dir that"
                        + " 'gardenos apply etcd' used, or run it first");
            }
        }
    }

    /** The inventory names of the etcd hosts, in inventory order. */
    public List<String> memberNames() {
        return inventory.hostsWith(EtcdSection.ROLE).stream().map(HostSpec::name).toList();
    }

    /** The {@code ETCDCTL_*} variables for etcdctl; connects to nothing. */
    public EtcdEnvironment env() {
        return EtcdEnvironment.of(connection());
    }

    /** The cluster as a fresh probe sees it (every member asked directly, not over SSH). */
    public EtcdClusterStatus clusterStatus() {
        return new EtcdStatusProbe(connection()).probe();
    }

    /** {@link #saveSnapshot(Path, Duration)} with {@link EtcdTimeouts#snapshotSave()}. */
    public EtcdSnapshotFile saveSnapshot(Path target) {
        return saveSnapshot(target, timeouts.snapshotSave());
    }

    /**
     * Streams a snapshot into {@code target} (0600: it holds every secret in etcd), verified (bbolt magic and
     * etcd's SHA-256 trailer) before it is renamed into place.
     */
    public EtcdSnapshotFile saveSnapshot(Path target, Duration timeout) {
        try (StateDirLock lock = StateDirLock.acquire(state, "etcd snapshot save")) {
            return EtcdSnapshots.save(connection(), target, timeout);
        }
    }

    /** {@link #restoreSnapshot(Path, Duration)} with {@link EtcdTimeouts#restoreHealthy()}. */
    public EtcdClusterStatus restoreSnapshot(Path snapshot) {
        return restoreSnapshot(snapshot, timeouts.restoreHealthy());
    }

    /**
     * Rebuilds every member from {@code snapshot} as a new cluster (over SSH; each member's old data is kept aside)
     * and waits up to {@code healthyTimeout} until it is healthy. The bound {@link EtcdRestoreParticipant}s (K3s
     * servers) are stopped before the first member and started one host at a time after. Writes made since the snapshot are lost. The file
     * is verified ({@link EtcdSnapshotFile#verify}) before any host is touched.
     */
    public EtcdClusterStatus restoreSnapshot(Path snapshot, Duration healthyTimeout) {
        checkAccess(inventory, state.root());
        try (StateDirLock lock = StateDirLock.acquire(state, "etcd snapshot restore");
             HostLocks hostLocks = HostLocks.holding(inventory.hostsWith(EtcdSection.ROLE), connector)) {
            return EtcdSnapshots.restore(run(), state, connector, snapshot, healthyTimeout, clock.instant(),
                    restoreParticipants);
        }
    }

    /** {@link #replaceMember(String, Duration)} with {@link EtcdTimeouts#replaceHealthy()}. */
    public EtcdClusterStatus replaceMember(String name) {
        return replaceMember(name, timeouts.replaceHealthy());
    }

    /**
     * Replaces the member {@code name} in place (remove, set its data aside, add back empty) and waits up to
     * {@code healthyTimeout} until it has caught up. Refused when the other members hold no quorum.
     *
     * @throws EtcdAccessException when {@code name} is not an etcd host of the inventory
     */
    public EtcdClusterStatus replaceMember(String name, Duration healthyTimeout) {
        HostSpec host = member(name);
        checkAccess(inventory, state.root());
        try (StateDirLock lock = StateDirLock.acquire(state, "etcd replace-member " + name)) {
            return new EtcdMemberReplacement(run(), state, connector, healthyTimeout).replace(host);
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EtcdOperationException("etcd replace-member " + name + " interrupted", e);
        } catch (Exception e) {
            throw new EtcdOperationException("etcd replace-member " + name + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Issues every etcd member, peer and client certificate again from the kept CAs (new keys; see
     * {@link EtcdPki#reissueLeaves}). Changes no host: {@code gardenos apply etcd} then pushes the member files and
     * restarts one member at a time, and {@code apply k3s} / {@code apply postgres} hand K3s and Patroni their new
     * client certificates.
     *
     * @return what was issued
     */
    public List<String> rotateCertificates() {
        checkAccess(inventory, state.root());
        if (!inventory.section(EtcdSettings.class).tls()) {
            throw new EtcdAccessException(inventory.file() + ": etcd.tls is false: there are no etcd certificates to"
                    + " rotate");
        }
        try (StateDirLock lock = StateDirLock.acquire(state, "etcd rotate-certs")) {
            return EtcdPki.reissueLeaves(state, inventory.hostsWith(EtcdSection.ROLE).stream()
                    .map(h -> new EtcdPki.Member(h.name(), h.address())).toList());
        } catch (IllegalStateException e) {
            throw new EtcdAccessException(e.getMessage());
        }
    }

    /** {@link #defrag(Duration)} with {@link EtcdTimeouts#defragPerMember()}. */
    public List<EtcdDefrag.Result> defrag() {
        return defrag(timeouts.defragPerMember());
    }

    /** Defragments every member one at a time, the leader last, only on a healthy cluster (see {@link EtcdDefrag}). */
    public List<EtcdDefrag.Result> defrag(Duration perMember) {
        try (StateDirLock lock = StateDirLock.acquire(state, "etcd defrag")) {
            return new EtcdDefrag(connection(), perMember).run();
        }
    }

    /** The inventory's etcd host {@code name}; {@link EtcdAccessException} naming the etcd hosts otherwise. */
    public HostSpec member(String name) {
        return inventory.host(name).filter(h -> h.has(EtcdSection.ROLE)).orElseThrow(() -> new EtcdAccessException(
                "replace-member: '" + name + "' is not an etcd host of " + inventory.file() + "; hint: etcd hosts are "
                        + String.join(", ", memberNames())));
    }

    private EtcdConnection connection() {
        checkAccess(inventory, state.root());
        return EtcdConnection.of(inventory, state);
    }

    private EtcdRun run() {
        return new EtcdRun(inventory, artifacts, timeouts);
    }
}
