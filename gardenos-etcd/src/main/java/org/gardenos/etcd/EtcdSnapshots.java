package org.gardenos.etcd;

import static org.gardenos.remote.ShellQuoting.quote;

import io.etcd.jetcd.Client;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.gardenos.datastore.EtcdRestoreParticipant;
import org.gardenos.etcd.client.EtcdConnection;
import org.gardenos.etcd.status.EtcdClusterStatus;
import org.gardenos.inventory.HostSpec;
import org.gardenos.remote.RemoteHost;
import org.gardenos.remote.RemoteHostConnector;
import org.gardenos.state.StateDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshot save (Maintenance.snapshot streamed to a 0600 file, verified, then renamed into place: the file holds
 * every secret stored in etcd) and restore (every member rebuilt from the snapshot as a new cluster with a new
 * token, old data kept aside, members started together, cluster waited healthy).
 */
public final class EtcdSnapshots {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdSnapshots.class);
    private static final String REMOTE_SNAPSHOT_PREFIX = "/var/lib/gardenos-etcd-restore-";

    private EtcdSnapshots() {
    }

    public static EtcdSnapshotFile save(EtcdConnection connection, Path target, Duration timeout) {
        try {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                try (Client c = connection.withTimeout(timeout).open(); OutputStream out = Files.newOutputStream(tmp)) {
                    long bytes = c.getMaintenanceClient().snapshot(out).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    LOG.info("etcd snapshot: {} bytes received", bytes);
                }
                EtcdSnapshotFile verified = EtcdSnapshotFile.verify(tmp);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                return new EtcdSnapshotFile(target, verified.size(), verified.sha256());
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new EtcdOperationException("etcd snapshot to " + target + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EtcdOperationException("etcd snapshot interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new EtcdOperationException("etcd snapshot to " + target + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Rebuilds every inventory etcd member from {@code snapshot}: the {@code participants} (K3s servers) stopped
     * first, then every member; {@code snapshot restore} on each host into a fresh data dir (old one kept as
     * {@code DATA.member-before-restore-EPOCH}), with {@code --bump-revision 1000000000 --mark-compacted} where the
     * host's etcdutl/etcdctl has them (etcd 3.5.10+; etcd 3.4 has not), so watchers of old revisions resync instead
     * of waiting for revisions that were already handed out; config with a new token ({@code now} makes it unique);
     * start all, wait until healthy, then the participants one host at a time.
     */
    static EtcdClusterStatus restore(EtcdRun run, StateDir state, RemoteHostConnector connector, Path snapshot,
                                     Duration healthyTimeout, Instant now, Set<EtcdRestoreParticipant> participants) {
        EtcdSnapshotFile file = EtcdSnapshotFile.verify(snapshot);
        byte[] content = EtcdRun.read(file.path());
        String token = run.token() + "-restore-" + now.getEpochSecond();
        // per-run scratch names: two runs (or a left-over of an interrupted one) never share a remote temp path
        String tag = now.getEpochSecond() + "-" + Long.toHexString(new java.security.SecureRandom().nextLong());
        List<HostSpec> hosts = run.etcdHosts();
        List<RemoteHost> remotes = new ArrayList<>();
        for (HostSpec h : hosts) {
            remotes.add(connector.connect(h));
        }
        for (EtcdRestoreParticipant p : participants) {
            LOG.info("etcd restore: stopping {} first", p.name());
            p.stopAll(run.inventory(), connector);
        }
        try {
            for (RemoteHost r : remotes) {
                EtcdMemberHost.stop(r);
            }
            for (int i = 0; i < hosts.size(); i++) {
                rebuild(run, state, hosts.get(i), remotes.get(i), content, tag, token);
                LOG.info("etcd restore: {} rebuilt from {}", hosts.get(i).name(), snapshot);
            }
            for (RemoteHost r : remotes) {
                EtcdMemberHost.startNoBlock(r);
            }
            EtcdClusterStatus healthy = run.await(state, healthyTimeout, "restored cluster healthy",
                    s -> s.verdict() == EtcdClusterStatus.Verdict.HEALTHY && s.memberCount() == hosts.size());
            for (EtcdRestoreParticipant p : participants) {
                LOG.info("etcd restore: starting {} one host at a time", p.name());
                p.startOneAtATime(run.inventory(), connector);
            }
            return healthy;
        } catch (RuntimeException e) {
            if (participants.isEmpty()) {
                throw e;
            }
            throw new EtcdOperationException("etcd snapshot restore failed: " + e.getMessage() + "; "
                    + participants.stream().map(EtcdRestoreParticipant::name).collect(Collectors.joining(", "))
                    + " stay stopped; hint: once etcd is healthy, run 'gardenos apply' for their layers", e);
        }
    }

    private static void rebuild(EtcdRun run, StateDir state, HostSpec h, RemoteHost r, byte[] content, String tag,
                                String token) {
        String remoteSnapshot = REMOTE_SNAPSHOT_PREFIX + tag + ".db";
        String cluster = run.bootstrapCluster();
        String d = run.settings().dataDir();
        String scratch = d + ".restore-" + tag;
        r.upload(remoteSnapshot, content, 0600, "root:root");
        // etcdutl from 3.5 on (etcdctl's restore is deprecated in 3.5, gone in 3.6); etcdctl for 3.4
        r.exec("set -e; rm -rf " + quote(scratch) + "; if [ -x " + EtcdHostPaths.ETCDUTL + " ]; then t="
                + EtcdHostPaths.ETCDUTL + "; else t=" + EtcdHostPaths.ETCDCTL + "; export ETCDCTL_API=3; fi; "
                + "bump=''; if $t snapshot restore --help 2>&1 | grep -q -- --bump-revision; then "
                + "bump='--bump-revision 1000000000 --mark-compacted'; fi; "
                + "$t snapshot restore " + quote(remoteSnapshot) + " --name " + quote(h.name()) + " --initial-cluster "
                + quote(cluster) + " --initial-cluster-token " + quote(token) + " --initial-advertise-peer-urls "
                + quote(run.peerUrl(h)) + " --data-dir " + quote(scratch) + " $bump").requireOk();
        EtcdMemberHost.setDataAside(r, d, "before-restore");
        r.exec("set -e; mv " + quote(scratch + "/member") + " " + quote(d + "/member") + "; rmdir "
                + quote(scratch) + "; chown -R " + EtcdHostPaths.USER + ":" + EtcdHostPaths.USER + " "
                + quote(d) + "; rm -f " + quote(remoteSnapshot)).requireOk();
        EtcdMemberHost.writeConfig(run, state, r, h, new EtcdMemberConfig.Initial(cluster, "new", token));
    }
}
