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
import org.gardenos.etcd.EtcdSection;
import org.gardenos.k3s.K3sSection;

class HaproxyConfigTest {
    private final String password = GeneratedSecret.generate(32);

    @Test
    void rendersTcpFrontendToEveryServerWithChecksAndStats() {
        String cfg = HaproxyConfig.forInventory(TestInventories.threeServers(), password).render();

        assertThat(cfg).contains("frontend k8s-api\n    bind *:6443\n    default_backend k8s-api-servers\n");
        assertThat(cfg).contains("    mode tcp\n");
        assertThat(cfg).contains("    default-server check inter 2000ms rise 2 fall 3 on-marked-down shutdown-sessions\n");
        assertThat(cfg).contains("    server s1 203.0.113.11:6443\n", "    server s2 203.0.113.12:6443\n",
                "    server s3 203.0.113.13:6443\n");
        assertThat(cfg).doesNotContain("203.0.113.21", "203.0.113.10:6443");
        assertThat(cfg).contains("listen stats\n    bind *:8404\n    mode http\n");
        assertThat(cfg).contains("    stats auth gardenos:" + password + "\n");
        assertThat(cfg).doesNotContain("httpchk");
    }

    @Test
    void serversOnALoadBalancerHostUseTheServerApiPort() {
        var inv = TestInventories.inventory(List.of(
                TestInventories.host("n1", "203.0.113.11", Set.of(LoadBalancerSection.ROLE, K3sSection.SERVER, EtcdSection.ROLE), Map.of()),
                TestInventories.host("n2", "203.0.113.12", Set.of(K3sSection.SERVER, EtcdSection.ROLE), Map.of())),
                TestInventories.k3s(true, List.of(), 7443));
        String cfg = HaproxyConfig.forInventory(inv, password).render();
        assertThat(cfg).contains("bind *:6443", "server n1 203.0.113.11:7443", "server n2 203.0.113.12:7443");
    }

    @Test
    void portCollisionOnAHostWithLbAndServerIsAnInputError() {
        var inv = TestInventories.inventory(List.of(
                TestInventories.host("n1", "203.0.113.11", Set.of(LoadBalancerSection.ROLE, K3sSection.SERVER), Map.of())),
                TestInventories.k3s(true, List.of(), 6443));
        assertThatThrownBy(() -> HaproxyConfig.forInventory(inv, password))
                .isInstanceOf(InputException.class)
                .hasMessage("gardenos.yaml: k3s.serverApiPort: 6443 collides with the load balancer on host 'n1'"
                        + " (lb and server); use 7443 for servers when a host has both roles");
    }

    @Test
    void noServerIsAnInputError() {
        var inv = TestInventories.inventory(List.of(
                TestInventories.host("lb", "203.0.113.10", Set.of(LoadBalancerSection.ROLE), Map.of())),
                TestInventories.k3s(true, List.of(), 6443));
        assertThatThrownBy(() -> HaproxyConfig.forInventory(inv, password))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("hosts: no host has role 'server'");
    }

    @Test
    void passwordThatWouldBreakTheConfigLineIsRefused() {
        var inv = TestInventories.threeServers();
        assertThatThrownBy(() -> HaproxyConfig.forInventory(inv, "abc def\n  stats admin if TRUE"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringNeverShowsThePassword() {
        var config = HaproxyConfig.forInventory(TestInventories.threeServers(), password);
        assertThat(config.toString()).doesNotContain(password).contains("<redacted>");
    }

    /** Real software: Debian's haproxy parses and accepts the render (`haproxy -c`). */
    @Test
    void realHaproxyAcceptsTheRender(@TempDir Path dir) throws Exception {
        Prerequisites.requireCommands("haproxy");
        Path haproxy = Prerequisites.locate("haproxy").orElseThrow();
        for (var config : List.of(
                HaproxyConfig.forInventory(TestInventories.threeServers(), password),
                HaproxyConfig.forInventory(TestInventories.threeServers(), password)
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
        String broken = HaproxyConfig.forInventory(TestInventories.threeServers(), password).render()
                .replace("balance roundrobin", "balance sometimes");
        Files.writeString(file, broken);
        var result = HaproxyCheck.run(haproxy, file);
        assertThat(result.valid()).isFalse();
        assertThat(result.output()).contains("balance only supports");
    }
}
