package org.gardenos.k3s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.gardenos.error.InputException;
import org.gardenos.artifact.ReleaseArtifact;
import org.gardenos.engine.Play;
import org.gardenos.engine.Resource;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.testsupport.TestInventories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.gardenos.k3s.settings.K3sSettings;

class K3sLayerPlaysTest {
    @TempDir
    java.nio.file.Path dir;

    private K3sLayer layer(boolean api) {
        return new K3sLayer(ReleaseArtifact.withCache(dir), new K3sLayer.Options(Duration.ofSeconds(5),
                Duration.ofMillis(10), api), t -> {
                    throw new AssertionError("not called while building plays");
                }, TestInventories.ETCD);
    }

    private static List<String> resourceNames(Play play, HostSpec host) {
        return play.resources().apply(host).stream().map(Resource::name).toList();
    }

    @Test
    void firstServerAloneThenTheOthersOneAtATimeThenAgentsThenTheApiPhase() {
        Inventory inv = TestInventories.threeServers();
        List<Play> plays = layer(true).plays(inv);

        assertThat(plays).extracting(Play::name)
                .containsExactly("k3s-install", "k3s-first-server", "k3s-servers", "k3s-agents", "k3s-cluster");
        assertThat(plays.get(0).strategy()).isEqualTo(Play.Strategy.PARALLEL);
        assertThat(plays.get(0).hosts()).extracting(HostSpec::name).containsExactly("s1", "s2", "s3", "a1");
        assertThat(plays.get(1).hosts()).extracting(HostSpec::name).containsExactly("s1");
        assertThat(plays.get(2).hosts()).extracting(HostSpec::name).containsExactly("s2", "s3");
        assertThat(plays.get(2).strategy()).isEqualTo(Play.Strategy.ONE_AT_A_TIME);
        assertThat(plays.get(3).hosts()).extracting(HostSpec::name).containsExactly("a1");
        assertThat(plays.get(4).hosts()).extracting(HostSpec::name).containsExactly("s1");

        HostSpec s1 = inv.host("s1").orElseThrow();
        assertThat(resourceNames(plays.get(0), s1)).containsExactly("file:/usr/local/bin/k3s",
                "file:/etc/rancher/k3s/etcd/ca.crt", "file:/etc/rancher/k3s/etcd/client.crt",
                "file:/etc/rancher/k3s/etcd/client.key", "file:/etc/rancher/k3s/config.yaml",
                "file:/etc/rancher/k3s/k3s.env", "unit:gardenos-k3s.service");
        // joining nodes get their env file (the full K10 token) only after the first server wrote it
        assertThat(resourceNames(plays.get(0), inv.host("a1").orElseThrow())).containsExactly(
                "file:/usr/local/bin/k3s", "file:/etc/rancher/k3s/config.yaml", "unit:gardenos-k3s.service");
        assertThat(resourceNames(plays.get(1), s1)).containsExactly("service:gardenos-k3s.service", "k3s-api-ready",
                "state:kubeconfig", "state:k3s/join-token,k3s/agent-join-token");
        assertThat(resourceNames(plays.get(2), inv.host("s2").orElseThrow()))
                .containsExactly("file:/etc/rancher/k3s/k3s.env", "service:gardenos-k3s.service", "k3s-api-ready");
        assertThat(resourceNames(plays.get(3), inv.host("a1").orElseThrow()))
                .containsExactly("file:/etc/rancher/k3s/k3s.env", "service:gardenos-k3s.service");
    }

    @Test
    void withoutTheApiPhaseThereIsNoClusterPlay() {
        assertThat(layer(false).plays(TestInventories.threeServers())).extracting(Play::name)
                .doesNotContain("k3s-cluster");
    }

    @Test
    void dependsOnEtcdAndTheLoadBalancer() {
        assertThat(layer(true).name()).isEqualTo("k3s");
        assertThat(layer(true).dependsOn()).containsExactlyInAnyOrder("etcd", "lb");
    }

    @Test
    void badInputFailsWhenPlaysAreBuiltBeforeAnyHostIsTouched() {
        Inventory inv = TestInventories.inventory(TestInventories.threeServers().hosts(),
                TestInventories.k3s(true, List.of("traefk"), 6443));
        assertThatThrownBy(() -> layer(true).plays(inv)).isInstanceOf(InputException.class)
                .hasMessageContaining("k3s.disable: 'traefk'");
    }

    @Test
    void downloadsTheVersionedReleaseFileCheckedByTheReleaseChecksums() {
        var spec = K3sRelease.spec(TestInventories.threeServers().section(K3sSettings.class));
        assertThat(spec.fileUri().toString()).isEqualTo("https://example.invalid/k3s/v1.33.1%2Bk3s1/k3s");
        assertThat(spec.checksumUri()).hasValueSatisfying(u ->
                assertThat(u.toString()).isEqualTo("https://example.invalid/k3s/v1.33.1%2Bk3s1/sha256sum-amd64.txt"));
    }
}
