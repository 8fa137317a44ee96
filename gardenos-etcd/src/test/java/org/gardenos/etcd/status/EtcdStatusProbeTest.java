package org.gardenos.etcd.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.gardenos.etcd.client.EtcdConnection;
import org.gardenos.etcd.status.EtcdClusterStatus.Verdict;
import org.gardenos.testkit.etcd.EtcdPrerequisites;
import org.gardenos.testkit.etcd.LocalEtcdCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The probe against a real 3-member etcd (Debian 3.4.23) on loopback, plain HTTP; TLS is in EtcdPkiTlsTest. */
class EtcdStatusProbeTest {
    @BeforeAll
    static void prerequisites() {
        EtcdPrerequisites.requireEtcd();
    }

    @Test
    void healthyClusterReportsEveryMemberWithOneLeader() {
        try (LocalEtcdCluster cluster = LocalEtcdCluster.builder().members(3).build().start()) {
            EtcdClusterStatus status = new EtcdStatusProbe(EtcdConnection.plain(cluster.endpoints())).probe();

            assertThat(status.verdict()).isEqualTo(Verdict.HEALTHY);
            assertThat(status.memberCount()).isEqualTo(3);
            assertThat(status.members()).hasSize(3).allSatisfy(m -> {
                assertThat(m.reachable()).isTrue();
                assertThat(m.healthy()).as(m.describe()).isTrue();
                assertThat(m.version()).isEqualTo("3.4.23");
                assertThat(m.raftTerm()).isPositive();
                assertThat(m.raftIndex()).isPositive();
                assertThat(m.dbSizeBytes()).isPositive();
                assertThat(m.alarms()).isEmpty();
            });
            assertThat(status.members()).extracting(m -> m.name().orElseThrow())
                    .containsExactly("etcd-1", "etcd-2", "etcd-3");
            assertThat(status.members()).filteredOn(EtcdMemberHealth::leader).hasSize(1);
            assertThat(status.summary()).isEqualTo("HEALTHY: 3/3 members healthy");
        }
    }

    @Test
    void oneStoppedMemberIsDegradedAndWritesStillSucceedTwoStoppedIsNoQuorum() throws Exception {
        try (LocalEtcdCluster cluster = LocalEtcdCluster.builder().members(3).build().start()) {
            EtcdConnection conn = EtcdConnection.plain(cluster.endpoints());
            cluster.stop(2);

            EtcdClusterStatus degraded = new EtcdStatusProbe(conn).probe();
            assertThat(degraded.verdict()).isEqualTo(Verdict.DEGRADED);
            assertThat(degraded.healthyCount()).isEqualTo(2);
            assertThat(degraded.members().get(2).reachable()).isFalse();
            assertThat(degraded.members().get(2).describe()).contains(cluster.member(2).clientUrl().toString(),
                    "unreachable");
            try (Client c = conn.withTimeout(java.time.Duration.ofSeconds(5)).open()) {
                ByteSequence k = ByteSequence.from("written-while-degraded", StandardCharsets.UTF_8);
                c.getKVClient().put(k, ByteSequence.from("yes", StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
                assertThat(c.getKVClient().get(k).get(10, TimeUnit.SECONDS).getKvs()).hasSize(1);
            }

            cluster.kill(1);
            EtcdClusterStatus lost = new EtcdStatusProbe(conn).probe();
            assertThat(lost.verdict()).isEqualTo(Verdict.NO_QUORUM);
            assertThat(lost.healthyCount()).isZero();
            EtcdMemberHealth survivor = lost.members().get(0);
            assertThat(survivor.reachable()).as("Status is served without quorum").isTrue();
            assertThat(survivor.healthy()).isFalse();
            assertThat(survivor.error()).hasValueSatisfying(e -> assertThat(e).startsWith("no quorum read"));
        }
    }

    @Test
    void verdictArithmetic() {
        assertThat(EtcdClusterStatus.verdict(3, 3)).isEqualTo(Verdict.HEALTHY);
        assertThat(EtcdClusterStatus.verdict(3, 2)).isEqualTo(Verdict.DEGRADED);
        assertThat(EtcdClusterStatus.verdict(3, 1)).isEqualTo(Verdict.NO_QUORUM);
        assertThat(EtcdClusterStatus.verdict(4, 2)).isEqualTo(Verdict.NO_QUORUM);
        assertThat(EtcdClusterStatus.verdict(5, 3)).isEqualTo(Verdict.DEGRADED);
        assertThat(EtcdClusterStatus.verdict(1, 1)).isEqualTo(Verdict.HEALTHY);
        assertThat(EtcdClusterStatus.verdict(1, 0)).isEqualTo(Verdict.NO_QUORUM);
    }
}
