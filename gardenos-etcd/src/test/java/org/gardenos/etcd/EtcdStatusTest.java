package org.gardenos.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.gardenos.etcd.support.PkiTlsFiles;
import org.gardenos.inventory.HostSpec;
import org.gardenos.state.StateDir;
import org.gardenos.status.Health;
import org.gardenos.status.StatusReport;
import org.gardenos.testkit.etcd.EtcdPrerequisites;
import org.gardenos.testkit.etcd.LocalEtcdCluster;
import org.gardenos.testkit.etcd.LocalEtcdMember;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.gardenos.etcd.settings.EtcdSection;

/** {@code gardenos status etcd} against a real TLS etcd on loopback, addressed through an inventory. */
class EtcdStatusTest {
    @TempDir
    Path dir;

    @Test
    void reportsEveryMemberAndMapsTheVerdictToHealth() {
        EtcdPrerequisites.requireEtcd();
        StateDir state = StateDir.open(dir);
        try (LocalEtcdCluster cluster = LocalEtcdCluster.builder().members(3).tls(new PkiTlsFiles(state)).build()
                .start()) {
            List<HostSpec> hosts = cluster.members().stream()
                    .map(m -> EtcdLayerPlaysTest.host(m.name(), m.address(), EtcdSection.ROLE)).toList();
            EtcdStatus status = new EtcdStatus(EtcdLayerPlaysTest.inventory(true, hosts), state);
            assertThat(status.layer()).isEqualTo("etcd");

            StatusReport healthy = status.probe();
            assertThat(healthy.health()).as(healthy.toString()).isEqualTo(Health.HEALTHY);
            assertThat(healthy.summary()).isEqualTo("HEALTHY: 3/3 members healthy");
            assertThat(healthy.items()).extracting(i -> i.name()).containsExactly("etcd-1", "etcd-2", "etcd-3",
                    "access");
            // a cluster GardenOS did not converge yet: auth is off, status says what apply would do
            assertThat(healthy.items().get(3).health()).isEqualTo(Health.DEGRADED);
            assertThat(healthy.items().get(3).fields().get("pending")).contains("user add k3s", "user patroni passwd",
                    "auth enable");
            assertThat(healthy.items().get(3).fields().get("passwordLogin")).startsWith("patroni ");
            assertThat(state.resolve("etcd/passwords")).as("status makes no password").doesNotExist();
            assertThat(healthy.items().subList(0, 3)).allSatisfy(i -> assertThat(i.fields()).containsKeys("endpoint", "leader",
                    "version", "raftTerm", "raftIndex", "dbSize"));
            assertThat(healthy.items()).filteredOn(i -> "yes".equals(i.fields().get("leader"))).hasSize(1);

            // the first endpoint: the access check, which reads from the first member that answers, moves on
            cluster.stop(0);
            StatusReport degraded = status.probe();
            assertThat(degraded.health()).isEqualTo(Health.DEGRADED);
            assertThat(degraded.items()).filteredOn(i -> i.name().equals("access")).singleElement()
                    .satisfies(i -> assertThat(i.fields()).containsKey("pending").doesNotContainKey("error"));
            LocalEtcdMember stopped = cluster.member(0);
            assertThat(degraded.items()).filteredOn(i -> i.health() == Health.DOWN && !i.name().equals("access")).singleElement()
                    .satisfies(i -> assertThat(i.fields().get("endpoint")).isEqualTo(stopped.clientUrl().toString()));

            cluster.stop(2);
            assertThat(status.probe().health()).isEqualTo(Health.DOWN);
        }
    }

    @Test
    void withoutThePkiInTheStateDirStatusSaysSoAndCreatesNoCa() {
        StateDir state = StateDir.open(dir.resolve("elsewhere"));
        List<HostSpec> hosts = List.of(EtcdLayerPlaysTest.host("etcd-1", "127.0.0.1", EtcdSection.ROLE));
        StatusReport report = new EtcdStatus(EtcdLayerPlaysTest.inventory(true, hosts), state).probe();

        assertThat(report.health()).isEqualTo(Health.DOWN);
        assertThat(report.summary()).contains("ca.crt is missing: no etcd PKI").contains("hint: pass the --state-dir");
        assertThat(state.root().resolve("etcd")).doesNotExist();
    }
}
