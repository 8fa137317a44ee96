package org.gardenos.k3s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.gardenos.GardenOS;
import org.gardenos.error.InputException;
import org.gardenos.testsupport.StandInEtcd;
import org.gardenos.k3s.api.KubernetesClients;
import org.gardenos.lb.LoadBalancerModule;
import org.gardenos.standin.StandInConnector;
import org.gardenos.status.Health;
import org.gardenos.testsupport.TestInventories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link K3sAccess} and the k3s module's rebindable collaborators, through GardenOS's injector, on the stand-in
 * connector ({@link StandInConnector}: the first server's k3s.yaml is a file of an in-memory host). Merging into a
 * user's kubeconfig is covered by KubeconfigTest and, through the CLI, by K3sKubeconfigCommandTest.
 */
class K3sAccessTest {
    @TempDir
    Path dir;

    final StandInConnector connector = StandInConnector.succeedingHosts();

    private GardenOS garden(org.gardenos.inventory.Inventory inventory, com.google.inject.Module... overrides) {
        return GardenOS.builder().inventory(inventory).stateDir(dir.resolve("state")).connector(connector)
                .addModule(new StandInEtcd.Module(), new LoadBalancerModule(), new K3sModule()).overrideWith(overrides)
                .build();
    }

    @Test
    void withoutAKeptKubeconfigItIsFetchedFromTheFirstServerKept0600AndSaysWhereFrom() throws Exception {
        connector.prepare("s1").put(K3sPaths.KUBECONFIG, KubeconfigTest.K3S_YAML, 0600, "root:root");
        try (GardenOS garden = garden(TestInventories.threeServers())) {
            K3sAccess.AdminKubeconfig first = garden.get(K3sAccess.class).adminKubeconfig();

            assertThat(first.fetchedFrom()).contains("s1");
            assertThat(first.file()).isEqualTo(dir.resolve("state/kubeconfig").toAbsolutePath());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first.file())))
                    .isEqualTo("rw-------");
            assertThat(first.yaml()).contains("server: https://203.0.113.10:6443").contains("garden");

            K3sAccess.AdminKubeconfig again = garden.get(K3sAccess.class).adminKubeconfig();
            assertThat(again.fetched()).isFalse();
            assertThat(again.yaml()).isEqualTo(first.yaml());
        }
        assertThat(connector.connects()).containsExactly("s1");
    }

    @Test
    void withoutAServerThereIsNothingToFetchAndThatIsBadInput() {
        var noServer = TestInventories.inventory(List.of(TestInventories.host("e1", "203.0.113.31", Set.of(StandInEtcd.ROLE),
                Map.of())), TestInventories.k3s(true, List.of(), 6443));
        try (GardenOS garden = garden(noServer)) {
            assertThatThrownBy(() -> garden.get(K3sAccess.class).adminKubeconfig())
                    .isInstanceOf(K3sAccessException.class).isInstanceOf(InputException.class)
                    .hasMessage("gardenos.yaml: no host has the role 'server', so there is no K3s kubeconfig to fetch");
        }
        assertThat(connector.connects()).isEmpty();
    }

    @Test
    void theUserKubeconfigIsKubeconfigsFirstEntryElseDotKubeConfig() {
        Path home = Path.of("/home/u");
        assertThat(K3sAccess.userKubeconfig(Optional.of(" :/a/one:/b/two"), home)).isEqualTo(Path.of("/a/one"));
        assertThat(K3sAccess.userKubeconfig(Optional.of(""), home)).isEqualTo(home.resolve(".kube/config"));
        assertThat(K3sAccess.userKubeconfig(Optional.empty(), home)).isEqualTo(home.resolve(".kube/config"));
    }

    @Test
    void theStatusAsksTheReboundKubernetesClientsForTheStateDirsKubeconfig() {
        AtomicReference<Path> asked = new AtomicReference<>();
        KubernetesClients standIn = kubeconfig -> {
            asked.set(kubeconfig);
            throw new org.gardenos.error.GardenException("stand-in: no API server here");
        };
        K3sTimeouts shorter = new K3sTimeouts(Duration.ofSeconds(5), Duration.ofMillis(100));
        try (GardenOS garden = garden(TestInventories.threeServers(), binder -> {
            binder.bind(KubernetesClients.class).toInstance(standIn);
            binder.bind(K3sTimeouts.class).toInstance(shorter);
        })) {
            assertThat(garden.get(K3sTimeouts.class)).isSameAs(shorter);
            var report = garden.get(K3sLayerStatus.class).probe();
            assertThat(report.health()).isEqualTo(Health.DOWN);
            assertThat(report.summary()).isEqualTo("stand-in: no API server here");
        }
        assertThat(asked.get()).isEqualTo(dir.resolve("state/kubeconfig").toAbsolutePath());
    }

    @Test
    void timeoutsAreCheckedAndEveryProblemIsNamed() {
        assertThatThrownBy(() -> new K3sTimeouts(Duration.ZERO, Duration.ofSeconds(-1)))
                .isInstanceOfSatisfying(InputException.class, e -> assertThat(e.lines()).containsExactly(
                        "k3s timeouts: ready must be a positive duration, got PT0S",
                        "k3s timeouts: pollInterval must be a positive duration, got PT-1S"));
        assertThatThrownBy(() -> new K3sTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2)))
                .hasMessage("k3s timeouts: pollInterval PT2S is longer than ready PT1S");
        assertThat(K3sTimeouts.defaults()).isEqualTo(new K3sTimeouts(Duration.ofMinutes(10), Duration.ofSeconds(2)));
    }
}
