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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
     * Rebuilds every inventory etcd member from {@code snapshot}: stop all, {@code etcdctl snapshot restore} on each
     * host into a fresh data dir (old one kept as {@code DATA.member-before-restore-EPOCH}), config with a new
     * token ({@code now} makes it unique), start all, wait until healthy.
     */
    static EtcdClusterStatus restore(EtcdRun run, StateDir state, RemoteHostConnector connector, Path snapshot,
                                     Duration healthyTimeout, Instant now) {
        EtcdSnapshotFile file = EtcdSnapshotFile.verify(snapshot);
        byte[] content = EtcdRun.read(file.path());
        String token = run.token() + "-restore-" + now.getEpochSecond();
        // per-run scratch names: two runs (or a left-over of an interrupted one) never share a remote temp path
        String tag = now.getEpochSecond() + "-" + Long.toHexString(new java.security.SecureRandom().nextLong());
        String remoteSnapshot = REMOTE_SNAPSHOT_PREFIX + tag + ".db";
        String cluster = run.bootstrapCluster();
        List<HostSpec> hosts = run.etcdHosts();
        List<RemoteHost> remotes = new ArrayList<>();
        for (HostSpec h : hosts) {
            remotes.add(connector.connect(h));
        }
        for (RemoteHost r : remotes) {
            EtcdMemberHost.stop(r);
        }
        for (int i = 0; i < hosts.size(); i++) {
            HostSpec h = hosts.get(i);
            RemoteHost r = remotes.get(i);
            String d = run.settings().dataDir();
            String scratch = d + ".restore-" + tag;
            r.upload(remoteSnapshot, content, 0600, "root:root");
            // etcdutl from 3.5 on (etcdctl's restore is deprecated in 3.5, gone in 3.6); etcdctl for 3.4
            r.exec("set -e; rm -rf " + quote(scratch) + "; if [ -x " + EtcdHostPaths.ETCDUTL + " ]; then t="
                    + EtcdHostPaths.ETCDUTL + "; else t=" + EtcdHostPaths.ETCDCTL + "; export ETCDCTL_API=3; fi; "
                    + "$t snapshot restore " + quote(remoteSnapshot) + " --name " + quote(h.name()) + " --initial-cluster "
                    + quote(cluster) + " --initial-cluster-token " + quote(token) + " --initial-advertise-peer-urls "
                    + quote(run.peerUrl(h)) + " --data-dir " + quote(scratch)).requireOk();
            EtcdMemberHost.setDataAside(r, d, "before-restore");
            r.exec("set -e; mv " + quote(scratch + "/member") + " " + quote(d + "/member") + "; rmdir "
                    + quote(scratch) + "; chown -R " + EtcdHostPaths.USER + ":" + EtcdHostPaths.USER + " "
                    + quote(d) + "; rm -f " + quote(remoteSnapshot)).requireOk();
            EtcdMemberHost.writeConfig(run, state, r, h, new EtcdMemberConfig.Initial(cluster, "new", token));
            LOG.info("etcd restore: {} rebuilt from {}", h.name(), snapshot);
        }
        for (RemoteHost r : remotes) {
            EtcdMemberHost.startNoBlock(r);
        }
        return run.await(state, healthyTimeout, "restored cluster healthy",
                s -> s.verdict() == EtcdClusterStatus.Verdict.HEALTHY && s.memberCount() == hosts.size());
    }
}
