package org.gardenos.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gardenos.engine.ChangeAction;
import org.gardenos.error.InputException;
import org.gardenos.engine.Change;
import org.gardenos.engine.Play;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.standin.InMemoryHostStandIn;
import org.gardenos.state.StateDir;
import org.gardenos.testsupport.TestInventories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.gardenos.lb.settings.LoadBalancerSettings;

class LoadBalancerLayerTest {
    @Test
    void onePlayOverTheLbHostsPackageConfigService() {
        var inv = TestInventories.threeServers();
        List<Play> plays = new LoadBalancerLayer(new TestInventories.StandInBackends(6443)).plays(inv);
        assertThat(plays).hasSize(1);
        assertThat(plays.get(0).hosts()).extracting(h -> h.name()).containsExactly("lb1");
        assertThat(plays.get(0).strategy()).isEqualTo(Play.Strategy.ONE_AT_A_TIME);
        assertThat(plays.get(0).resources().apply(inv.host("lb1").orElseThrow())).extracting(Resource::name)
                .containsExactly("apt:haproxy", "file:/etc/haproxy/haproxy.cfg", "service:haproxy.service");
        assertThat(new LoadBalancerLayer(new TestInventories.StandInBackends(6443)).dependsOn()).containsExactly("base");
    }

    @Test
    void noLbHostNoPlays() {
        var inv = TestInventories.inventory(List.of(
                TestInventories.host("s1", "203.0.113.11", Set.of(TestInventories.SERVER, TestInventories.ETCD), Map.of())));
        assertThat(new LoadBalancerLayer(new TestInventories.StandInBackends(6443)).plays(inv)).isEmpty();
    }

    @Test
    void inventoryProblemsStopTheRunUpFront() {
        var inv = TestInventories.threeServers().withSection(new LoadBalancerSettings(8404, 8404));
        assertThatThrownBy(() -> new LoadBalancerLayer(new TestInventories.StandInBackends(6443)).plays(inv)).isInstanceOf(InputException.class);
    }

    @Test
    void theRenderUsesTheKeptPasswordAndTheCandidateIsCheckedBeforeItReplacesTheLiveFile(@TempDir Path dir) {
        var inv = TestInventories.threeServers();
        StateDir state = StateDir.open(dir);
        var host = InMemoryHostStandIn.succeeding("lb1");
        Target target = new Target(inv.host("lb1").orElseThrow(), host, inv, state);

        new HaproxyConfigFile(new LoadBalancerLayer(new TestInventories.StandInBackends(6443))::render).apply(target, Change.of(ChangeAction.CREATE, ""));

        String password = StatsPassword.loadOrCreate(state);
        assertThat(host.uploads()).containsExactly("/etc/haproxy/.haproxy.cfg.gardenos-candidate");
        var candidate = host.file("/etc/haproxy/.haproxy.cfg.gardenos-candidate").orElseThrow();
        assertThat(candidate.mode()).isEqualTo(0640);
        assertThat(candidate.user() + ":" + candidate.group()).isEqualTo("root:haproxy");
        String hash = new String(state.read(StatsPasswordHash.STATE_FILE).orElseThrow(), java.nio.charset.StandardCharsets.UTF_8).strip();
        assertThat(StatsPasswordHash.matches(password, hash)).isTrue();
        assertThat(candidate.text()).contains("    user gardenos password " + hash + "\n")
                .contains("    bind " + inv.host("lb1").orElseThrow().address() + ":8404\n")
                .doesNotContain(password);
        assertThat(host.commands()).containsExactly(
                "haproxy -c -f '/etc/haproxy/.haproxy.cfg.gardenos-candidate'",
                "mv -f '/etc/haproxy/.haproxy.cfg.gardenos-candidate' '/etc/haproxy/haproxy.cfg'",
                "if systemctl is-active --quiet haproxy; then systemctl reload haproxy; fi");
    }

    /** A second render is byte-for-byte the first (no new salt), so a second apply changes nothing. */
    @Test
    void theRenderIsStableAcrossRunsAndFollowsARotatedPassword(@TempDir Path dir) {
        var inv = TestInventories.threeServers();
        StateDir state = StateDir.open(dir);
        Target target = new Target(inv.host("lb1").orElseThrow(), InMemoryHostStandIn.succeeding("lb1"), inv, state);
        var layer = new LoadBalancerLayer(new TestInventories.StandInBackends(6443));
        String first = layer.render(target);
        assertThat(layer.render(target)).isEqualTo(first);

        state.writeSecret(StatsPassword.STATE_FILE, "rotated0123456789rotated0123456789".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String rotated = layer.render(target);
        assertThat(rotated).isNotEqualTo(first).doesNotContain("rotated0123456789");
        String hash = new String(state.read(StatsPasswordHash.STATE_FILE).orElseThrow(), java.nio.charset.StandardCharsets.UTF_8).strip();
        assertThat(StatsPasswordHash.matches("rotated0123456789rotated0123456789", hash)).isTrue();
        assertThat(rotated).contains(hash);
        assertThat(layer.render(target)).isEqualTo(rotated);
    }

    @Test
    void haproxyAlertsBecomeOneLine() {
        String out = "[NOTICE]   (1) : haproxy version is 2.6.12\n[ALERT]    (1) : config : parsing [x:2] : unknown"
                + " keyword 'bogus' in 'global' section\n[ALERT]    (1) : config : Fatal errors found in configuration.\n";
        assertThat(HaproxyConfigFile.alerts(out)).isEqualTo("config : parsing [x:2] : unknown keyword 'bogus' in"
                + " 'global' section | config : Fatal errors found in configuration.");
    }

    @Test
    void statusNeedsTheKeptPasswordAndNeverInventsOne(@TempDir Path dir) {
        StateDir state = StateDir.open(dir);
        assertThatThrownBy(() -> new LoadBalancerStatusReader(java.time.Duration.ofSeconds(1))
                .read(TestInventories.threeServers(), state))
                .isInstanceOf(org.gardenos.error.GardenException.class)
                .hasMessageEndingWith("lb/stats-password does not exist: the lb layer has not been applied with this"
                        + " state directory");
        assertThat(state.read(StatsPassword.STATE_FILE)).isEmpty();
    }

    @Test
    void statusWithoutAnApplyIsDownAndSaysWhy(@TempDir Path dir) {
        var report = new LoadBalancerLayerStatus(TestInventories.threeServers(), StateDir.open(dir),
                java.time.Duration.ofSeconds(1)).probe();
        assertThat(report.health()).isEqualTo(org.gardenos.status.Health.DOWN);
        assertThat(report.summary()).endsWith("lb/stats-password does not exist: the lb layer has not been applied"
                + " with this state directory");
    }
}
