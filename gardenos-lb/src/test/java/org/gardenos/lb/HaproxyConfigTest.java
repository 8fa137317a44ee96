package org.gardenos.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gardenos.error.InputException;
import org.gardenos.secret.GeneratedSecret;
import org.gardenos.testkit.Prerequisites;
import org.gardenos.testsupport.TestInventories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.gardenos.lb.settings.LoadBalancerSection;
import org.gardenos.lb.settings.LoadBalancerSettings;

class HaproxyConfigTest {
    private static final org.gardenos.inventory.Inventory THREE = TestInventories.threeServers();
    private static final String LB = "203.0.113.10";
    private final String password = GeneratedSecret.generate(32);
    private final String hash = StatsPasswordHash.hash(password, "saltsalt12345678");

    @Test
    void rendersTcpFrontendToEveryServerWithChecksAndStats() {
        String cfg = HaproxyConfig.forInventory(THREE, TestInventories.backends(THREE, 6443), LB, hash).render();

        assertThat(cfg).contains("frontend k8s-api\n    bind *:6443\n    default_backend k8s-api-servers\n");
        assertThat(cfg).contains("    mode tcp\n");
        assertThat(cfg).contains("    default-server check inter 2000ms rise 2 fall 3 on-marked-down shutdown-sessions\n");
        assertThat(cfg).contains("    server s1 203.0.113.11:6443\n", "    server s2 203.0.113.12:6443\n",
                "    server s3 203.0.113.13:6443\n");
        assertThat(cfg).doesNotContain("203.0.113.21", "203.0.113.10:6443");
        assertThat(cfg).contains("listen stats\n    bind 203.0.113.10:8404\n    mode http\n");
        assertThat(cfg).contains("userlist gardenos-stats-users\n    user gardenos password " + hash + "\n");
        assertThat(cfg).contains("    stats http-request auth realm stats unless gardenos-stats-user\n");
        assertThat(cfg).doesNotContain(password, "stats auth", "insecure-password");
        assertThat(cfg).doesNotContain("httpchk");
    }

    @Test
    void serversOnALoadBalancerHostUseTheServerApiPort() {
        var inv = TestInventories.inventory(List.of(
                TestInventories.host("n1", "203.0.113.11", Set.of(LoadBalancerSection.ROLE, TestInventories.SERVER), Map.of()),
                TestInventories.host("n2", "203.0.113.12", Set.of(TestInventories.SERVER), Map.of())));
        String cfg = HaproxyConfig.forInventory(inv, TestInventories.backends(inv, 7443), LB, hash).render();
        assertThat(cfg).contains("bind *:6443", "server n1 203.0.113.11:7443", "server n2 203.0.113.12:7443");
    }

    @Test
    void apiPortEqualToStatsPortIsAnInputError() {
        var inv = TestInventories.threeServers().withSection(new LoadBalancerSettings(6443, 6443));
        assertThatThrownBy(() -> HaproxyConfig.forInventory(inv, TestInventories.backends(inv, 6443), LB, hash))
                .isInstanceOf(InputException.class)
                .hasMessage("gardenos.yaml: loadBalancer.statsPort: 6443 is also loadBalancer.apiPort; pick another port");
    }

    @Test
    void aClearPasswordOrAnythingThatWouldBreakTheConfigLineIsRefused() {
        var inv = TestInventories.threeServers();
        assertThatThrownBy(() -> HaproxyConfig.forInventory(inv, TestInventories.backends(inv, 6443), LB, password))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(password);
        assertThatThrownBy(() -> HaproxyConfig.forInventory(inv, TestInventories.backends(inv, 6443), "*", hash))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void passwordThatWouldBreakTheConfigLineIsRefused() {
        var inv = TestInventories.threeServers();
        assertThatThrownBy(() -> HaproxyConfig.forInventory(inv, TestInventories.backends(inv, 6443), LB, "abc def\n  stats admin if TRUE"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringNeverShowsThePassword() {
        var config = HaproxyConfig.forInventory(THREE, TestInventories.backends(THREE, 6443), LB, hash);
        assertThat(config.toString()).doesNotContain(password, hash).contains("<redacted>");
    }

    /** Real software: Debian's haproxy parses and accepts the render (`haproxy -c`). */
    @Test
    void realHaproxyAcceptsTheRender(@TempDir Path dir) throws Exception {
        Prerequisites.requireCommands("haproxy");
        Path haproxy = Prerequisites.locate("haproxy").orElseThrow();
        for (var config : List.of(
                HaproxyConfig.forInventory(THREE, TestInventories.backends(THREE, 6443), LB, hash),
                HaproxyConfig.forInventory(THREE, TestInventories.backends(THREE, 6443), LB, hash)
                        .withProcess(HaproxyProcess.foreground(dir.resolve("admin.sock").toString())))) {
            Path file = dir.resolve("haproxy.cfg");
            Files.writeString(file, config.render());
            var result = HaproxyCheck.run(haproxy, file);
            assertThat(result.valid()).as(result.output()).isTrue();
            assertThat(result.output()).doesNotContain("[WARNING]", "[ALERT]");
        }
    }

    /** The real binary rejects a broken file, so the same check can stop a bad render before it goes live. */
    @Test
    void realHaproxyRejectsABrokenRender(@TempDir Path dir) throws Exception {
        Prerequisites.requireCommands("haproxy");
        Path haproxy = Prerequisites.locate("haproxy").orElseThrow();
        Path file = dir.resolve("haproxy.cfg");
        String broken = HaproxyConfig.forInventory(THREE, TestInventories.backends(THREE, 6443), LB, hash).render()
                .replace("balance roundrobin", "balance sometimes");
        Files.writeString(file, broken);
        var result = HaproxyCheck.run(haproxy, file);
        assertThat(result.valid()).isFalse();
        assertThat(result.output()).contains("balance only supports");
    }
}
