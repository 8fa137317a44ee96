package org.gardenos.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.gardenos.GardenOS;
import org.gardenos.artifact.ReleaseArtifact;
import org.gardenos.error.InputException;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.etcd.settings.EtcdSection;
import org.gardenos.etcd.support.OtherLayerRoles;
import org.gardenos.remote.RemoteHostConnector;
import org.gardenos.state.StateDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EtcdOperations} and its collaborators come from the injector: reachable as
 * {@code garden.get(EtcdOperations.class)}, with timeouts, artifact cache and clock rebound through
 * {@code GardenOS.Builder#overrideWith}. Nothing here reaches a host (the connector is a stand-in that fails the
 * test when asked to connect); the operations themselves run against real etcd in EtcdOperationsLocalTest.
 */
class EtcdOperationsWiringTest {
    @TempDir
    Path dir;

    private static final RemoteHostConnector NO_HOSTS_STAND_IN = host -> {
        throw new AssertionError("stand-in connector: no host may be reached here, asked for " + host.name());
    };

    private final List<HostSpec> hosts = List.of(EtcdLayerPlaysTest.host("n1", "203.0.113.11", EtcdSection.ROLE),
            EtcdLayerPlaysTest.host("n2", "203.0.113.12", EtcdSection.ROLE));

    private GardenOS garden(Inventory inventory, AbstractModule overrides) {
        return GardenOS.builder().inventory(inventory).stateDir(dir.resolve("state")).connector(NO_HOSTS_STAND_IN)
                .addModule(new EtcdModule()).overrideWith(overrides).build();
    }

    @Test
    void operationsAreAServiceOfTheInjectorWithReboundTimeoutsCacheAndClock() {
        EtcdTimeouts shorter = new EtcdTimeouts(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(6),
                Duration.ofSeconds(1), Duration.ofSeconds(7), Duration.ofSeconds(8), Duration.ofSeconds(9),
                Duration.ofSeconds(3));
        ReleaseArtifact cache = ReleaseArtifact.withCache(dir.resolve("cache"));
        Clock fixed = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
        try (GardenOS garden = garden(EtcdLayerPlaysTest.inventory(false, hosts), new AbstractModule() {
            @Override
            protected void configure() {
                bind(EtcdTimeouts.class).toInstance(shorter);
                bind(ReleaseArtifact.class).toInstance(cache);
                bind(Clock.class).toInstance(fixed);
            }
        })) {
            assertThat(garden.get(EtcdTimeouts.class)).isSameAs(shorter);
            assertThat(garden.get(ReleaseArtifact.class)).isSameAs(cache);
            assertThat(garden.get(Clock.class)).isSameAs(fixed);
            EtcdOperations etcd = garden.get(EtcdOperations.class);
            assertThat(etcd.memberNames()).containsExactly("n1", "n2");
            assertThat(etcd.env().variables()).containsExactly(
                    org.assertj.core.api.Assertions.entry("ETCDCTL_API", "3"),
                    org.assertj.core.api.Assertions.entry("ETCDCTL_ENDPOINTS",
                            "http://203.0.113.11:2379,http://203.0.113.12:2379"));
            assertThat(garden.get(EtcdStatus.class).layer()).isEqualTo("etcd");
        }
    }

    @Test
    void withTlsAndNoPkiInTheStateDirEveryOperationIsRefusedAsBadInputAndNoCaIsMade() {
        try (GardenOS garden = garden(EtcdLayerPlaysTest.inventory(true, hosts), new AbstractModule() {
            @Override
            protected void configure() {
            }
        })) {
            EtcdOperations etcd = garden.get(EtcdOperations.class);
            assertThatThrownBy(etcd::env).isInstanceOf(EtcdAccessException.class)
                    .hasMessageContaining("etcd/pki/ca.crt: missing").hasMessageContaining("--state-dir");
            assertThatThrownBy(() -> etcd.saveSnapshot(dir.resolve("s.db"))).isInstanceOf(EtcdAccessException.class);
            assertThatThrownBy(etcd::defrag).isInstanceOf(EtcdAccessException.class);
            assertThat(dir.resolve("state/etcd/pki/ca.crt")).doesNotExist();
        }
    }

    @Test
    void aMemberThatIsNotAnEtcdHostIsBadInputNamingTheEtcdHosts() {
        try (GardenOS garden = garden(EtcdLayerPlaysTest.inventory(false, hosts), new AbstractModule() {
            @Override
            protected void configure() {
            }
        })) {
            assertThatThrownBy(() -> garden.get(EtcdOperations.class).replaceMember("n9"))
                    .isInstanceOf(EtcdAccessException.class)
                    .hasMessage("replace-member: 'n9' is not an etcd host of gardenos.yaml; hint: etcd hosts are n1, n2");
        }
    }

    @Test
    void timeoutsMustBePositiveAndEveryWrongOneIsNamed() {
        assertThatThrownBy(() -> new EtcdTimeouts(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(-1),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), null))
                .isInstanceOf(InputException.class)
                .satisfies(e -> assertThat(((InputException) e).lines()).containsExactly(
                        "etcd timeouts: probe must be a positive duration, got PT0S",
                        "etcd timeouts: clusterHealthy must be a positive duration, got PT-1S",
                        "etcd timeouts: defragPerMember must be a positive duration, got null"));
        assertThat(EtcdTimeouts.defaults().snapshotSave()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void checkAccessRefusesAnInventoryWithoutEtcdHosts() {
        Inventory noEtcd = EtcdLayerPlaysTest.inventory(true, List.of(EtcdLayerPlaysTest.host("lb", "203.0.113.5",
                OtherLayerRoles.LB)));
        assertThatThrownBy(() -> EtcdOperations.checkAccess(noEtcd, StateDir.open(dir).root()))
                .isInstanceOf(EtcdAccessException.class)
                .hasMessage("gardenos.yaml: no host has the role 'etcd'; hint: give the etcd role to the hosts that"
                        + " run etcd");
    }
}
