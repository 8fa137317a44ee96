package org.gardenos.k3s.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.gardenos.engine.ChangeAction;
import org.gardenos.GardenOS;
import org.gardenos.engine.ApplyReport;
import org.gardenos.engine.Change;
import org.gardenos.engine.Target;
import org.gardenos.error.GardenException;
import org.gardenos.inventory.Inventory;
import org.gardenos.inventory.Role;
import org.gardenos.lb.HaproxyConfig;
import org.gardenos.lb.HaproxyConfigFile;
import org.gardenos.lb.HaproxyStatsClient;
import org.gardenos.lb.LoadBalancerStatus;
import org.gardenos.lb.LoadBalancerStatusReader;
import org.gardenos.lb.StatsPassword;
import org.gardenos.nspawn.DebianHosts;
import org.gardenos.nspawn.TestHost;
import org.gardenos.remote.RemoteHost;
import org.gardenos.remote.ssh.HostKeyPolicy;
import org.gardenos.remote.ssh.SshRemoteHostConnector;
import org.gardenos.state.StateDir;
import org.gardenos.testkit.hosts.WithDebianHosts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.gardenos.k3s.settings.K3sSection;
import org.gardenos.lb.settings.LoadBalancerSection;
import org.gardenos.lb.settings.LoadBalancerSettings;
import org.gardenos.testsupport.StandInEtcd;

/**
 * The lb and k3s layers on real Debian 12 hosts (systemd-nspawn, SSH with verified host keys). HAProxy, systemd,
 * file modes, the converge engine and SSH are real. K3s is NOT: {@code k3s-stand-in} (a shell + python3 script,
 * installed by the layer as /usr/local/bin/k3s from a local {@code k3s.artifact}) checks what GardenOS hands to
 * K3s and listens on the API port. The layer's API phase is left out (no Kubernetes API server here); it is
 * tested against scripted responses elsewhere.
 *
 * <p>Hosts: node1 etcd+server+lb (so servers listen on 7443), node2 and node3 etcd+server, node4 agent.
 */
@WithDebianHosts(count = 4, waitForSystemd = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class K3sStandInOnDebianHostsTest {
    private static final ByteArrayOutputStream LOGS = new ByteArrayOutputStream();
    private static PrintStream originalErr;
    private static final List<String> SERVERS = List.of("node1", "node2", "node3");

    @TempDir
    static Path dir;
    static StateDir state;
    static Path standIn;
    private final DebianHosts hosts;

    K3sStandInOnDebianHostsTest(DebianHosts hosts) {
        this.hosts = hosts;
    }

    @BeforeAll
    static void setUp() throws Exception {
        originalErr = System.err;
        System.setErr(new PrintStream(new StandInK3sRuns.Tee(originalErr, LOGS), true, StandardCharsets.UTF_8));
        state = StateDir.open(dir.resolve("state"));
        standIn = StandInK3sRuns.copyStandIn(dir);
    }

    @AfterAll
    static void restoreErr() {
        if (originalErr != null) {
            System.setErr(originalErr);
        }
    }

    private Inventory inventory(String disable) throws Exception {
        return inventory(disable, "");
    }

    private Inventory inventory(String disable, String moreK3s) throws Exception {
        Map<String, Set<Role>> roles = new LinkedHashMap<>();
        roles.put("node1", Set.of(StandInEtcd.ROLE, K3sSection.SERVER, LoadBalancerSection.ROLE));
        roles.put("node2", Set.of(StandInEtcd.ROLE, K3sSection.SERVER));
        roles.put("node3", Set.of(StandInEtcd.ROLE, K3sSection.SERVER));
        roles.put("node4", Set.of(K3sSection.AGENT));
        return StandInK3sRuns.inventory(hosts, roles, standIn, "  disable: [" + disable + "]\n" + moreK3s);
    }

    private ApplyReport apply(Inventory inventory) {
        return StandInK3sRuns.apply(inventory, state, dir);
    }

    private static List<Double> times(TestHost h, String file) {
        return StandInK3sRuns.times(h, file);
    }

    private String token() {
        return new String(state.read("k3s/token").orElseThrow(), StandardCharsets.UTF_8).strip();
    }

    @Test
    @Order(1)
    void firstApplyInstallsHaproxyAndStartsTheFirstServerAloneBeforeTheOthers() throws Exception {
        ApplyReport report = apply(inventory("traefik"));
        assertThat(report.failures()).isEmpty();
        assertThat(report.changed()).isPositive();

        for (String n : SERVERS) {
            TestHost h = hosts.host(n);
            assertThat(h.exec("systemctl is-active gardenos-k3s").stdout().strip()).as(n).isEqualTo("active");
            assertThat(h.exec("systemctl is-enabled gardenos-k3s").stdout().strip()).as(n).isEqualTo("enabled");
            assertThat(h.exec("stat -c '%a %U:%G' /etc/rancher/k3s/k3s.env /etc/rancher/k3s/config.yaml"
                    + " /etc/rancher/k3s/etcd/client.key /etc/rancher/k3s/etcd/client.crt /usr/local/bin/k3s")
                    .requireOk().stdout()).as(n)
                    .isEqualTo("600 root:root\n600 root:root\n600 root:root\n644 root:root\n755 root:root\n");
            assertThat(h.exec("cat /etc/rancher/k3s/config.yaml").stdout())
                    .contains("https-listen-port: 7443", "datastore-endpoint: \"https://")
                    .doesNotContainPattern("(?m)^(server|token|token-file):");
            assertThat(h.exec("/usr/local/bin/k3s kubectl get --raw=/readyz").stdout().strip()).isEqualTo("ok");
        }
        // tokens (issue 9 item 4): the first server has the short server token and the agent token; the others the
        // full K10 token the first server wrote (pinning the cluster CA); the agent only the full agent token
        String token = token();
        String agentToken = new String(state.read("k3s/agent-token").orElseThrow(), StandardCharsets.UTF_8).strip();
        String fullServer = new String(state.read("k3s/join-token").orElseThrow(), StandardCharsets.UTF_8).strip();
        String fullAgent = new String(state.read("k3s/agent-join-token").orElseThrow(), StandardCharsets.UTF_8).strip();
        assertThat(fullServer).matches("K10[0-9a-f]{64}::server:" + token);
        assertThat(fullAgent).matches("K10[0-9a-f]{64}::node:" + agentToken);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("k3s/join-token"))))
                .isEqualTo("rw-------");
        assertThat(hosts.host("node1").exec("cat /etc/rancher/k3s/k3s.env").stdout())
                .contains("\nK3S_TOKEN=" + token + "\n", "\nK3S_AGENT_TOKEN=" + agentToken + "\n");
        for (String n : List.of("node2", "node3")) {
            assertThat(hosts.host(n).exec("cat /etc/rancher/k3s/k3s.env").stdout()).as(n)
                    .contains("\nK3S_TOKEN=" + fullServer + "\n", "\nK3S_AGENT_TOKEN=" + agentToken + "\n");
            assertThat(hosts.host(n).exec("cat /etc/rancher/k3s/config.yaml").stdout()).contains("secrets-encryption: true");
        }
        TestHost agent = hosts.host("node4");
        assertThat(agent.exec("cat /etc/rancher/k3s/k3s.env").stdout()).contains("\nK3S_TOKEN=" + fullAgent + "\n")
                .doesNotContain(token, "K3S_AGENT_TOKEN");
        assertThat(agent.exec("systemctl is-active gardenos-k3s").stdout().strip()).isEqualTo("active");
        assertThat(agent.exec("cat /etc/rancher/k3s/config.yaml").stdout())
                .contains("server: https://" + hosts.host("node1").address() + ":6443");
        assertThat(agent.exec("test -e /etc/rancher/k3s/etcd/client.key").ok()).isFalse();

        // the first server was ready before any other server started; the others one after the other
        double firstReady = times(hosts.host("node1"), "ready").get(0);
        double secondStart = times(hosts.host("node2"), "started").get(0);
        double secondReady = times(hosts.host("node2"), "ready").get(0);
        double thirdStart = times(hosts.host("node3"), "started").get(0);
        assertThat(secondStart).isGreaterThanOrEqualTo(firstReady);
        assertThat(thirdStart).isGreaterThanOrEqualTo(secondReady);

        TestHost lb = hosts.host("node1");
        assertThat(lb.exec("systemctl is-active haproxy").stdout().strip()).isEqualTo("active");
        assertThat(lb.exec("stat -c '%a %U:%G' /etc/haproxy/haproxy.cfg").stdout().strip()).isEqualTo("640 root:haproxy");

        Path kubeconfig = state.resolve("kubeconfig");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kubeconfig))).isEqualTo("rw-------");
        assertThat(Files.readString(kubeconfig)).contains("server: https://" + lb.address() + ":6443", "name: garden");
    }

    @Test
    @Order(2)
    void realHaproxyBalancesTheServersListenersAndReportsThemUp() throws Exception {
        Inventory inv = inventory("traefik");
        LoadBalancerStatus status = awaitLb(inv, LoadBalancerStatus::healthy);
        assertThat(status.apiServers()).extracting(s -> s.server()).containsExactly("node1", "node2", "node3");
        for (int i = 0; i < 6; i++) {
            assertThat(readyzThroughLb()).isEqualTo("ok");
        }
    }

    @Test
    @Order(3)
    void theTokenIsInNoWorldReadableFileNoProcessArgumentsAndNoLog() throws Exception {
        String token = token();
        assertThat(token).hasSize(48);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("k3s/token"))))
                .isEqualTo("rw-------");
        for (TestHost h : hosts.hosts()) {
            StandInK3sRuns.assertNotInArgumentsJournalOrWorldReadableFiles(h, token);
            byte[] pattern = (token + "\n").getBytes(StandardCharsets.UTF_8);
            // ...while a server's 0600 environment file does hold it (so the searches above can find it); an
            // agent's holds only the agent token
            assertThat(h.exec("grep -c -F -f - /etc/rancher/k3s/k3s.env", pattern).stdout().strip()).as(h.name())
                    .isEqualTo(h.name().equals("node4") ? "0" : "1");
        }
        assertThat(LOGS.toString(StandardCharsets.UTF_8)).doesNotContain(token);
    }

    @Test
    @Order(4)
    void aSecondApplyChangesNothing() throws Exception {
        ApplyReport report = apply(inventory("traefik"));
        assertThat(report.failures()).isEmpty();
        assertThat(report.changed()).isZero();
        for (String n : SERVERS) {
            assertThat(times(hosts.host(n), "started")).as(n).hasSize(1);
        }
    }

    @Test
    @Order(5)
    void aConfigChangeRestartsTheServersOneAtATime() throws Exception {
        ApplyReport report = apply(inventory("traefik, servicelb"));
        assertThat(report.failures()).isEmpty();
        double previousReady = 0;
        for (String n : SERVERS) {
            List<Double> started = times(hosts.host(n), "started");
            List<Double> ready = times(hosts.host(n), "ready");
            assertThat(started).as(n).hasSize(2);
            assertThat(hosts.host(n).exec("cat /etc/rancher/k3s/config.yaml").stdout()).contains("- servicelb");
            assertThat(started.get(1)).as(n + " restarted after the previous server was ready")
                    .isGreaterThanOrEqualTo(previousReady);
            previousReady = ready.get(1);
        }
    }

    @Test
    @Order(6)
    void aStoppedServerShowsDownInLbStatusAndTrafficContinues() throws Exception {
        Inventory inv = inventory("traefik, servicelb");
        hosts.host("node3").exec("systemctl stop gardenos-k3s").requireOk();
        try {
            LoadBalancerStatus status = awaitLb(inv, s -> !s.down().isEmpty());
            assertThat(status.down()).extracting(s -> s.server()).containsExactly("node3");
            assertThat(status.servesApi()).isTrue();
            for (int i = 0; i < 6; i++) {
                assertThat(readyzThroughLb()).isEqualTo("ok");
            }
        } finally {
            hosts.host("node3").exec("systemctl start gardenos-k3s").requireOk();
        }
        awaitLb(inv, LoadBalancerStatus::healthy);
    }

    @Test
    @Order(7)
    void aBrokenHaproxyRenderNeverReachesTheRunningProxy() throws Exception {
        Inventory inv = inventory("traefik, servicelb");
        TestHost lb = hosts.host("node1");
        String before = lb.exec("sha256sum /etc/haproxy/haproxy.cfg").requireOk().stdout();
        String pidBefore = lb.exec("systemctl show -p MainPID --value haproxy").stdout().strip();
        var broken = new HaproxyConfigFile(t -> "global\n    this-is-not-a-keyword\n");
        try (var connector = new SshRemoteHostConnector(inv.ssh(), HostKeyPolicy.STRICT)) {
            RemoteHost remote = connector.connect(inv.host("node1").orElseThrow());
            Target target = new Target(inv.host("node1").orElseThrow(), remote, inv, state);
            Change change = broken.check(target);
            assertThat(change.action()).isEqualTo(ChangeAction.UPDATE);
            assertThatThrownBy(() -> broken.apply(target, change))
                    .isInstanceOf(GardenException.class)
                    .hasMessageStartingWith("node1: haproxy rejected the new configuration; the running proxy keeps"
                            + " the old one: `haproxy -c -f /etc/haproxy/.haproxy.cfg.gardenos-candidate` exited")
                    .hasMessageContaining("this-is-not-a-keyword");
        }
        assertThat(lb.exec("sha256sum /etc/haproxy/haproxy.cfg").stdout()).isEqualTo(before);
        assertThat(lb.exec("test -e /etc/haproxy/.haproxy.cfg.gardenos-candidate").ok()).isFalse();
        assertThat(lb.exec("systemctl is-active haproxy").stdout().strip()).isEqualTo("active");
        assertThat(lb.exec("systemctl show -p MainPID --value haproxy").stdout().strip()).isEqualTo(pidBefore);
        assertThat(readyzThroughLb()).isEqualTo("ok");
    }

    @Test
    @Order(8)
    void aChangedHaproxyConfigIsReloadedNotRestarted() throws Exception {
        Inventory inv = inventory("traefik, servicelb");
        TestHost lb = hosts.host("node1");
        String pidBefore = lb.exec("systemctl show -p MainPID --value haproxy").stdout().strip();
        String oldPassword = new String(state.read(StatsPassword.STATE_FILE).orElseThrow(), StandardCharsets.UTF_8).strip();
        // a new stats password (rotated in the state dir; deleting it would be refused as a foreign state dir, issue 9)
        // changes the rendered config
        state.writeSecret(StatsPassword.STATE_FILE, org.gardenos.secret.GeneratedSecret.generate(32).getBytes(StandardCharsets.UTF_8));

        ApplyReport report = apply(inv);

        assertThat(report.failures()).isEmpty();
        assertThat(report.changed()).isEqualTo(1);
        String newPassword = new String(state.read(StatsPassword.STATE_FILE).orElseThrow(), StandardCharsets.UTF_8).strip();
        assertThat(newPassword).isNotEqualTo(oldPassword);
        // the running proxy answers with the new password (it re-read the file) and was not restarted
        assertThat(awaitLb(inv, LoadBalancerStatus::healthy).apiServers()).hasSize(3);
        assertThat(lb.exec("systemctl show -p MainPID --value haproxy").stdout().strip()).isEqualTo(pidBefore);
        assertThatThrownBy(() -> new HaproxyStatsClient(Duration.ofSeconds(3)).fetch("node1", lb.address(),
                inv.section(LoadBalancerSettings.class).statsPort(), HaproxyConfig.STATS_USER, oldPassword))
                .isInstanceOf(GardenException.class).hasMessageContaining("(401)");
    }

    /** Air-gapped sites (issue 9 item 13): the image tarball lands, verified and atomically, on every K3s node. */
    @Test
    @Order(9)
    void theAirgapImageTarballIsPlacedOnEveryNodeVerifiedAndOnlyOnce() throws Exception {
        // not a real image tarball (the stand-in imports nothing): bytes with a known checksum
        byte[] bytes = new byte[3 * 1024 * 1024];
        new java.security.SecureRandom().nextBytes(bytes);
        Path tarball = Files.write(dir.resolve("k3s-airgap-images-amd64.tar.zst"), bytes);
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        Inventory inv = inventory("traefik, servicelb", "  airgapImages: " + tarball + "\n  airgapImagesSha256: \"" + sha + "\"\n");

        ApplyReport first = apply(inv);
        assertThat(first.failures()).isEmpty();
        for (TestHost h : hosts.hosts()) {
            assertThat(h.exec("cd /var/lib/rancher/k3s/agent/images && sha256sum k3s-airgap-images-amd64.tar.zst"
                    + " && stat -c '%a %U:%G' k3s-airgap-images-amd64.tar.zst && ls -A").requireOk().stdout()).as(h.name())
                    .isEqualTo(sha + "  k3s-airgap-images-amd64.tar.zst\n644 root:root\nk3s-airgap-images-amd64.tar.zst\n");
            assertThat(h.exec("systemctl is-active gardenos-k3s").stdout().strip()).as(h.name()).isEqualTo("active");
        }
        ApplyReport second = apply(inv);
        assertThat(second.failures()).isEmpty();
        assertThat(second.changed()).isZero();

        // a tarball whose checksum does not match is refused before any host gets it
        Inventory wrong = inventory("traefik, servicelb", "  airgapImages: " + tarball + "\n  airgapImagesSha256: \""
                + "0".repeat(64) + "\"\n");
        assertThat(apply(wrong).failures()).isNotEmpty();
        assertThat(hosts.host("node4").exec("sha256sum /var/lib/rancher/k3s/agent/images/k3s-airgap-images-amd64.tar.zst")
                .stdout()).startsWith(sha);
    }

    private String readyzThroughLb() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        // the stand-in speaks plain HTTP; HAProxy passes TCP through, as it does for the real TLS API
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create("http://" + hosts.host("node1").address() + ":6443/readyz"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    private LoadBalancerStatus awaitLb(Inventory inv, Predicate<LoadBalancerStatus> condition) throws Exception {
        LoadBalancerStatusReader reader = new LoadBalancerStatusReader(Duration.ofSeconds(3));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        LoadBalancerStatus last = null;
        while (System.nanoTime() < deadline) {
            last = reader.read(inv, state).get(0);
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("load balancer never reached the expected state; last: " + last);
    }
}
