package org.gardenos.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gardenos.etcd.pki.EtcdPki;
import org.gardenos.etcd.settings.EtcdSection;
import org.gardenos.etcd.status.EtcdClusterStatus;
import org.gardenos.etcd.status.EtcdMemberHealth;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.state.StateDir;
import org.gardenos.status.Health;
import org.gardenos.status.StatusItem;
import org.gardenos.status.StatusReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status etcd} asks the members and checks access at the same time (issue 13), proven by ordering, not
 * timing: each half waits for an event only the other half makes. Still truthful: no access row without quorum,
 * and status issues no certificate (it takes the PKI as it is).
 */
class EtcdStatusOverlapTest {
    @TempDir
    Path dir;

    private final List<HostSpec> hosts = List.of(EtcdLayerPlaysTest.host("etcd-1", "127.0.0.1", EtcdSection.ROLE));
    private final Inventory inventory = EtcdLayerPlaysTest.inventory(true, hosts);

    @Test
    void theAccessCheckStartsWhileTheMembersAreStillBeingAsked() throws Exception {
        StateDir state = clientFiles();
        CountDownLatch accessStarted = new CountDownLatch(1);
        AtomicBoolean sawAccessStart = new AtomicBoolean();
        EtcdStatus status = new EtcdStatus(inventory, state, (c, channels) -> {
            // one after the other, the access check could not start before this returns: the wait would run out
            sawAccessStart.set(await(accessStarted));
            return cluster(EtcdClusterStatus.Verdict.HEALTHY, true);
        }, (c, channels) -> {
            accessStarted.countDown();
            return new StatusItem("access", Health.HEALTHY, Map.of("auth", "on"));
        });

        StatusReport report = status.probe();

        assertThat(sawAccessStart).isTrue();
        assertThat(report.health()).isEqualTo(Health.HEALTHY);
        assertThat(report.items()).extracting(StatusItem::name).containsExactly("etcd-1", "access");
    }

    @Test
    void withoutQuorumTheAccessCheckIsNeitherReportedNorWaitedFor() throws Exception {
        StateDir state = clientFiles();
        CountDownLatch probeReturned = new CountDownLatch(1);
        CountDownLatch accessEnded = new CountDownLatch(1);
        AtomicBoolean accessInterrupted = new AtomicBoolean();
        EtcdStatus status = new EtcdStatus(inventory, state,
                (c, channels) -> cluster(EtcdClusterStatus.Verdict.NO_QUORUM, false), (c, channels) -> {
                    try {
                        // a check stuck on a cluster without quorum: it ends only when probe() let it go
                        probeReturned.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        accessInterrupted.set(true);
                    } finally {
                        accessEnded.countDown();
                    }
                    return new StatusItem("access", Health.HEALTHY, Map.of());
                });

        StatusReport report = status.probe();
        probeReturned.countDown();

        assertThat(report.health()).isEqualTo(Health.DOWN);
        assertThat(report.items()).extracting(StatusItem::name).containsExactly("etcd-1");
        assertThat(await(accessEnded)).isTrue();
        assertThat(accessInterrupted).as("the check still running when probe() returned is interrupted").isTrue();
    }

    @Test
    void statusIssuesNoCertificate() {
        StateDir state = StateDir.open(dir);
        EtcdPki pki = EtcdPki.ensure(state, List.of(new EtcdPki.Member("etcd-1", "127.0.0.1")));
        Path k3s = pki.client("k3s").cert();
        assertThat(k3s).exists();
        k3s.toFile().delete();

        new EtcdStatus(inventory, state, (c, channels) -> cluster(EtcdClusterStatus.Verdict.HEALTHY, true),
                (c, channels) -> new StatusItem("access", Health.DEGRADED, Map.of())).probe();

        assertThat(k3s).as("EtcdPki.ensure would have issued it again").doesNotExist();
    }

    /** A PKI: status looks for its files and makes its member channels from them (they connect on no call here). */
    private StateDir clientFiles() {
        StateDir state = StateDir.open(dir);
        EtcdPki.ensure(state, List.of(new EtcdPki.Member("etcd-1", "127.0.0.1")));
        return state;
    }

    private static EtcdClusterStatus cluster(EtcdClusterStatus.Verdict verdict, boolean healthy) {
        EtcdMemberHealth m = new EtcdMemberHealth("https://127.0.0.1:2379", Optional.of("etcd-1"), 1, healthy,
                healthy, healthy, "3.4.23", 2, 9, 20480, List.of(), Optional.empty());
        return new EtcdClusterStatus(verdict, 1, List.of(m));
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
