package org.gardenos.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.gardenos.error.GardenException;
import org.gardenos.inventory.Inventory;
import org.gardenos.secret.GeneratedSecret;
import org.gardenos.state.StateDir;
import org.gardenos.status.Health;
import org.gardenos.status.StatusItem;
import org.gardenos.status.StatusReport;
import org.gardenos.testsupport.BannerListener;
import org.gardenos.testkit.Prerequisites;
import org.gardenos.testsupport.TestInventories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.gardenos.lb.settings.LoadBalancerSection;
import org.gardenos.lb.settings.LoadBalancerSettings;

/**
 * Real software, no stand-ins: Debian's haproxy runs the GardenOS render (foreground process settings, loopback
 * addresses) in front of three real TCP listeners; the stats page is read and parsed through the real HTTP
 * endpoint. Only 127.0.0.0/8 is used.
 */
class RealHaproxyBalancingTest {
    private static final String LB = "127.0.0.70";
    private static final List<String> SERVERS = List.of("127.0.0.71", "127.0.0.72", "127.0.0.73");

    private final List<AutoCloseable> open = new ArrayList<>();
    private Process haproxy;

    @AfterEach
    void stop() throws Exception {
        if (haproxy != null) {
            haproxy.destroy();
            if (!haproxy.waitFor(10, TimeUnit.SECONDS)) {
                haproxy.destroyForcibly();
            }
        }
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    void balancesOverEveryServerAndReportsAStoppedOneDownWhileTrafficContinues(@TempDir Path dir) throws Exception {
        Prerequisites.requireCommands("haproxy");
        Path binary = Prerequisites.locate("haproxy").orElseThrow();
        int serverPort = BannerListener.freePort(SERVERS.toArray(String[]::new));
        int apiPort = BannerListener.freePort(LB);
        int statsPort = BannerListener.freePort(LB);
        Inventory inventory = TestInventories.inventory(List.of(
                TestInventories.host("s1", SERVERS.get(0), Set.of(TestInventories.SERVER), Map.of()),
                TestInventories.host("s2", SERVERS.get(1), Set.of(TestInventories.SERVER), Map.of()),
                TestInventories.host("s3", SERVERS.get(2), Set.of(TestInventories.SERVER), Map.of())));
        String password = GeneratedSecret.generate(32);
        String hash = StatsPasswordHash.hash(password, "0123456789abcdef");
        HaproxyConfig base = HaproxyConfig.forInventory(inventory, TestInventories.backends(inventory, serverPort), LB, hash);
        HaproxyConfig config = new HaproxyConfig(LB, LB, apiPort, statsPort, base.statsUser(), hash, base.servers(),
                new HealthCheck(Duration.ofMillis(200), 2, 2),
                HaproxyProcess.foreground(dir.resolve("admin.sock").toString()));

        List<BannerListener> listeners = new ArrayList<>();
        for (int i = 0; i < SERVERS.size(); i++) {
            var l = new BannerListener("s" + (i + 1), SERVERS.get(i), serverPort);
            listeners.add(l);
            open.add(l);
        }
        Path cfg = dir.resolve("haproxy.cfg");
        Files.writeString(cfg, config.render());
        haproxy = new ProcessBuilder(binary.toString(), "-db", "-f", cfg.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();

        var stats = new HaproxyStatsClient(Duration.ofSeconds(2));
        LoadBalancerStatus allUp = awaitStatus(stats, statsPort, password, LoadBalancerStatus::healthy, dir);
        assertThat(allUp.apiServers()).extracting(BackendServerStatus::server).containsExactly("s1", "s2", "s3");
        assertThat(allUp.apiServers()).allSatisfy(s -> assertThat(s.checkStatus()).isEqualTo("L4OK"));

        assertThat(bannersThrough(apiPort, 9)).containsExactlyInAnyOrder("s1", "s2", "s3");

        listeners.get(1).close();
        LoadBalancerStatus oneDown = awaitStatus(stats, statsPort, password, s -> !s.down().isEmpty(), dir);
        assertThat(oneDown.down()).extracting(BackendServerStatus::server).containsExactly("s2");
        assertThat(oneDown.down().get(0).state()).isEqualTo(ServerState.DOWN);
        assertThat(oneDown.servesApi()).isTrue();
        assertThat(oneDown.healthy()).isFalse();

        Set<String> after = bannersThrough(apiPort, 10);
        assertThat(after).containsExactlyInAnyOrder("s1", "s3");

        // gardenos status lb, through the same real stats page
        StateDir state = StateDir.open(dir.resolve("state"));
        state.writeSecret(StatsPassword.STATE_FILE, (password + "\n").getBytes(StandardCharsets.UTF_8));
        Inventory withLb = inventory.withHosts(List.of(inventory.hosts().get(0), inventory.hosts().get(1),
                        inventory.hosts().get(2), TestInventories.host("lb1", LB, Set.of(LoadBalancerSection.ROLE), Map.of())))
                .withSection(new LoadBalancerSettings(apiPort, statsPort));
        StatusReport report = new LoadBalancerLayerStatus(withLb, state, Duration.ofSeconds(2)).probe();
        assertThat(report.layer()).isEqualTo("lb");
        assertThat(report.health()).isEqualTo(Health.DEGRADED);
        assertThat(report.summary()).isEqualTo("1/1 load balancers pass API traffic; 2/3 backends healthy");
        assertThat(report.items()).extracting(StatusItem::name).containsExactly("lb1/s1", "lb1/s2", "lb1/s3");
        assertThat(report.items().get(1).health()).isEqualTo(Health.DOWN);
        assertThat(report.items().get(1).fields()).containsEntry("status", "DOWN").containsEntry("check", "L4CON");

        // the stopped server comes back: HAProxy's checks see it again and status lb says UP and HEALTHY
        var restarted = new BannerListener("s2", SERVERS.get(1), serverPort);
        open.add(restarted);
        LoadBalancerStatus back = awaitStatus(stats, statsPort, password, LoadBalancerStatus::healthy, dir);
        assertThat(back.down()).isEmpty();
        assertThat(back.apiServers()).allSatisfy(server -> assertThat(server.state()).isEqualTo(ServerState.UP));
        StatusReport recovered = new LoadBalancerLayerStatus(withLb, state, Duration.ofSeconds(2)).probe();
        assertThat(recovered.health()).isEqualTo(Health.HEALTHY);
        assertThat(recovered.items().get(1).fields()).containsEntry("status", "UP");
        assertThat(bannersThrough(apiPort, 9)).containsExactlyInAnyOrder("s1", "s2", "s3");
    }

    @Test
    void statsAcceptOnlyTheRightPasswordOnlyOnTheLbAddressAndTheCfgHoldsNoPassword(@TempDir Path dir) throws Exception {
        Prerequisites.requireCommands("haproxy");
        Path binary = Prerequisites.locate("haproxy").orElseThrow();
        int serverPort = BannerListener.freePort(SERVERS.get(0));
        int apiPort = BannerListener.freePort(LB);
        int statsPort = BannerListener.freePort(LB);
        String password = GeneratedSecret.generate(32);
        var config = new HaproxyConfig(LB, LB, apiPort, statsPort, HaproxyConfig.STATS_USER,
                StatsPasswordHash.hash(password, "0123456789abcdef"),
                List.of(new ApiServerBackend("s1", SERVERS.get(0), serverPort)), HealthCheck.DEFAULT,
                HaproxyProcess.foreground(dir.resolve("admin.sock").toString()));
        Path cfg = dir.resolve("haproxy.cfg");
        Files.writeString(cfg, config.render());
        haproxy = new ProcessBuilder(binary.toString(), "-db", "-f", cfg.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();
        var stats = new HaproxyStatsClient(Duration.ofSeconds(2));
        awaitStatus(stats, statsPort, password, s -> true, dir);

        assertThat(stats.fetch("lb1", LB, statsPort, HaproxyConfig.STATS_USER, password).apiServers())
                .extracting(BackendServerStatus::server).containsExactly("s1");
        assertThatThrownBy(() -> stats.fetch("lb1", LB, statsPort, HaproxyConfig.STATS_USER, "wrong" + password))
                .isInstanceOf(GardenException.class)
                .hasMessageContaining("lb1: HAProxy stats at http://127.0.0.70:" + statsPort + "/stats;csv refused")
                .hasMessageNotContaining(password);
        assertThatThrownBy(() -> stats.fetch("lb1", LB, statsPort, "admin", password))
                .isInstanceOf(GardenException.class).hasMessageContaining("(401)");
        // the hash HAProxy checks against is in the file; the password is not
        assertThat(Files.readString(cfg)).contains("password $6$0123456789abcdef$").doesNotContain(password);
        // the stats listener is on the lb's own address only, not on every address
        String other = "127.0.0.79";
        assertThatThrownBy(() -> stats.fetch("lb1", other, statsPort, HaproxyConfig.STATS_USER, password))
                .isInstanceOf(GardenException.class).hasMessageContaining("cannot read HAProxy stats");
    }

    /** Every connection through the frontend reads one banner; returns the distinct backends reached. */
    private static Set<String> bannersThrough(int apiPort, int connections) throws Exception {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < connections; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(LB, apiPort), 2000);
                s.setSoTimeout(5000);
                var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                String line = in.readLine();
                assertThat(line).as("connection %d through the load balancer got a banner", i).isNotNull();
                seen.add(line);
            }
        }
        return seen;
    }

    /** Polls the real stats page until {@code condition} holds (bounded; not a timing assertion). */
    private LoadBalancerStatus awaitStatus(HaproxyStatsClient stats, int statsPort, String password,
                                           Predicate<LoadBalancerStatus> condition, Path dir) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        LoadBalancerStatus last = null;
        GardenException lastError = null;
        while (System.nanoTime() < deadline) {
            assertThat(haproxy.isAlive()).as("haproxy exited: %s", readLog(dir)).isTrue();
            try {
                last = stats.fetch("lb1", LB, statsPort, HaproxyConfig.STATS_USER, password);
                if (condition.test(last)) {
                    return last;
                }
            } catch (GardenException e) {
                lastError = e;  // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("condition not reached; last status " + last + ", last error " + lastError
                + ", haproxy log: " + readLog(dir));
    }

    private static String readLog(Path dir) throws Exception {
        Path log = dir.resolve("haproxy.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }
}
