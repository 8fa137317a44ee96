package org.gardenos.etcd.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gardenos.GardenOS;
import org.gardenos.datastore.EtcdRestoreParticipant;
import org.gardenos.engine.ApplyListener;
import org.gardenos.engine.ApplyReport;
import org.gardenos.etcd.EtcdModule;
import org.gardenos.etcd.EtcdOperations;
import org.gardenos.etcd.client.EtcdConnection;
import org.gardenos.etcd.pki.EtcdPki;
import org.gardenos.etcd.status.EtcdClusterStatus;
import org.gardenos.etcd.status.EtcdClusterStatus.Verdict;
import org.gardenos.etcd.status.EtcdStatusProbe;
import org.gardenos.inventory.Inventory;
import org.gardenos.etcd.support.OtherLayerRoles;
import org.gardenos.inventory.InventoryLoader;
import org.gardenos.inventory.Role;
import org.gardenos.nspawn.DebianHosts;
import org.gardenos.nspawn.EtcdReleaseTarball;
import org.gardenos.nspawn.TestHost;
import org.gardenos.remote.ssh.HostKeyPolicy;
import org.gardenos.remote.ssh.SshRemoteHostConnector;
import org.gardenos.state.StateDir;
import org.gardenos.status.Health;
import org.gardenos.status.StatusItem;
import org.gardenos.status.StatusReport;
import org.gardenos.testkit.etcd.EtcdPrerequisites;
import org.gardenos.testkit.hosts.WithDebianHosts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.gardenos.etcd.settings.EtcdSection;

/**
 * The etcd layer end to end on real Debian 12 hosts (systemd-nspawn, reached over SSH with verified host keys),
 * installing a real etcd release tarball (Debian's etcd 3.4.23 binaries in the official layout). One scenario in
 * order: form, re-apply, refuse anonymous clients, faults, replace a wiped member, snapshot and restore, grow and
 * shrink the membership. Logs of the whole class are captured and checked for private keys.
 */
@WithDebianHosts(count = 4, waitForSystemd = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EtcdLayerOnDebianHostsTest {
    private static final ByteArrayOutputStream LOGS = new ByteArrayOutputStream();
    private static PrintStream originalErr;

    @TempDir
    static Path dir;
    static EtcdReleaseTarball release;
    static StateDir state;
    private final DebianHosts hosts;

    EtcdLayerOnDebianHostsTest(DebianHosts hosts) {
        this.hosts = hosts;
    }

    @BeforeAll
    static void setUp() {
        EtcdPrerequisites.requireEtcd();
        EtcdPrerequisites.requireTar();
        originalErr = System.err;
        System.setErr(new PrintStream(new TeeStream(originalErr, LOGS), true, StandardCharsets.UTF_8));
        release = EtcdReleaseTarball.build(dir);
        state = StateDir.open(dir.resolve("state"));
    }

    @AfterAll
    static void restoreErr() {
        if (originalErr != null) {
            System.setErr(originalErr);
        }
    }

    @Test
    @Order(1)
    void applyFormsAThreeMemberTlsClusterThatEtcdctlSeesThroughEtcdEnv() throws Exception {
        ApplyReport report = apply(inventory("node1", "node2", "node3"));
        assertThat(report.failures()).isEmpty();
        assertThat(report.changed()).isPositive();

        EtcdClusterStatus status = probe(inventory("node1", "node2", "node3"));
        assertThat(status.verdict()).as(status.members().toString()).isEqualTo(Verdict.HEALTHY);
        assertThat(status.memberCount()).isEqualTo(3);
        assertThat(status.members()).allSatisfy(m -> assertThat(m.version()).isEqualTo(release.version()));

        String out = etcdctlWithEnv(inventory("node1", "node2", "node3"), "endpoint health; etcdctl member list");
        assertThat(out.split("is healthy", -1)).hasSize(4);
        assertThat(out).contains("node1, https://", "node2, https://", "node3, https://").doesNotContain("unhealthy");

        for (String n : List.of("node1", "node2", "node3")) {
            TestHost h = hosts.host(n);
            assertThat(h.exec("stat -c '%a %U' /etc/etcd/pki/member.key").requireOk().stdout().strip())
                    .isEqualTo("600 etcd");
            assertThat(h.exec("stat -c '%a %U' /var/lib/etcd").requireOk().stdout().strip()).isEqualTo("700 etcd");
            assertThat(h.exec("systemctl is-enabled gardenos-etcd").stdout().strip()).isEqualTo("enabled");
            assertThat(h.exec("ps -o args= -C etcd").stdout()).doesNotContain("key-file", "PRIVATE");
        }
        assertThat(hosts.host("node4").exec("test -e /usr/local/bin/etcd").ok()).isFalse();

        Inventory inv = inventory("node1", "node2", "node3");
        try (GardenOS garden = GardenOS.builder().inventory(inv).stateDir(state.root())
                .connector(new SshRemoteHostConnector(inv.ssh(), HostKeyPolicy.STRICT))
                .addModule(new EtcdModule()).build()) {
            StatusReport etcdStatus = garden.status("etcd").get(0);
            assertThat(etcdStatus.health()).isEqualTo(Health.HEALTHY);
            assertThat(etcdStatus.items()).extracting(StatusItem::name).containsExactly("node1", "node2", "node3",
                    "access");
            assertThat(etcdStatus.items().get(3).health()).as(etcdStatus.toString()).isEqualTo(Health.HEALTHY);
        }
    }

    @Test
    @Order(2)
    void aSecondApplyChangesNothing() {
        ApplyReport report = apply(inventory("node1", "node2", "node3"));
        assertThat(report.failures()).isEmpty();
        assertThat(report.changed()).as(report.toString()).isZero();
    }

    @Test
    @Order(3)
    void aClientWithoutTheClientCertificateIsRefused() throws Exception {
        Inventory inv = inventory("node1", "node2", "node3");
        Path ca = EtcdPki.ensure(state, List.of()).caCert();
        String out = bash("ETCDCTL_API=3 etcdctl --endpoints=" + endpoints(inv) + " --cacert=" + ca
                + " --dial-timeout=2s --command-timeout=3s get / --prefix; echo rc=$?");
        assertThat(out).doesNotContain("rc=0").contains("rc=");
        String plain = bash("ETCDCTL_API=3 etcdctl --endpoints=" + endpoints(inv).replace("https", "http")
                + " --dial-timeout=2s --command-timeout=3s get / --prefix; echo rc=$?");
        assertThat(plain).doesNotContain("rc=0");
    }

    @Test
    @Order(4)
    void oneStoppedMemberIsDegradedAndWritableTwoStoppedIsNoQuorumAndApplyBringsThemBack() throws Exception {
        Inventory inv = inventory("node1", "node2", "node3");
        hosts.host("node3").exec("systemctl stop gardenos-etcd").requireOk();
        EtcdClusterStatus degraded = probe(inv);
        assertThat(degraded.verdict()).isEqualTo(Verdict.DEGRADED);
        try (Client c = connection(inv).withTimeout(Duration.ofSeconds(10)).open()) {
            c.getKVClient().put(bytes("/degraded"), bytes("still-writable")).get(15, TimeUnit.SECONDS);
        }
        hosts.host("node2").exec("systemctl stop gardenos-etcd").requireOk();
        assertThat(probe(inv).verdict()).isEqualTo(Verdict.NO_QUORUM);

        ApplyReport report = apply(inv);
        assertThat(report.failures()).isEmpty();
        assertThat(report.changed()).isEqualTo(2);
        assertThat(probe(inv).verdict()).isEqualTo(Verdict.HEALTHY);
    }

    @Test
    @Order(5)
    void replaceMemberOnAWipedMemberBringsBackThreeOfThreeWithEveryKey() throws Exception {
        Inventory inv = inventory("node1", "node2", "node3");
        putMany(inv, "/replace/", 100);
        TestHost node2 = hosts.host("node2");
        node2.exec("systemctl stop gardenos-etcd && rm -rf /var/lib/etcd/member").requireOk();
        assertThat(probe(inv).verdict()).isEqualTo(Verdict.DEGRADED);

        try (GardenOS garden = garden(inv)) {
            EtcdClusterStatus after = garden.get(EtcdOperations.class).replaceMember("node2", Duration.ofSeconds(90));
            assertThat(after.verdict()).isEqualTo(Verdict.HEALTHY);
            assertThat(after.memberCount()).isEqualTo(3);
        }
        URI node2Endpoint = URI.create("https://" + node2.address() + ":2379");
        try (Client c = connection(inv).only(node2Endpoint).withTimeout(Duration.ofSeconds(10)).open()) {
            assertThat(c.getKVClient().get(bytes("/replace/"), GetOption.builder().isPrefix(true).build())
                    .get(15, TimeUnit.SECONDS).getKvs()).hasSize(100);
        }
        assertThat(apply(inv).changed()).as("apply after replace-member").isZero();
    }

    @Test
    @Order(6)
    void snapshotSaveAndRestoreBringBackEveryKey() throws Exception {
        Inventory inv = inventory("node1", "node2", "node3");
        putMany(inv, "/snap/", 50);
        Path snapshot = dir.resolve("backup/etcd.db");
        try (GardenOS garden = garden(inv)) {
            garden.get(EtcdOperations.class).saveSnapshot(snapshot, Duration.ofSeconds(60));
        }
        try (Client c = connection(inv).withTimeout(Duration.ofSeconds(10)).open()) {
            c.getKVClient().delete(bytes("/snap/"), io.etcd.jetcd.options.DeleteOption.builder().isPrefix(true)
                    .build()).get(15, TimeUnit.SECONDS);
            c.getKVClient().put(bytes("/after-snapshot"), bytes("x")).get(15, TimeUnit.SECONDS);
        }

        // issue 9 item 10: a layer bound as a restore participant (a recording stand-in for the K3s servers) is
        // stopped while etcd still runs, and started only once the restored cluster is healthy
        List<String> participant = new java.util.concurrent.CopyOnWriteArrayList<>();
        EtcdRestoreParticipant recorder = new EtcdRestoreParticipant() {
            @Override
            public String name() {
                return "recording stand-in";
            }

            @Override
            public void stopAll(Inventory i, org.gardenos.remote.RemoteHostConnector c) {
                participant.add("stop while etcd " + probe(inv).verdict());
            }

            @Override
            public void startOneAtATime(Inventory i, org.gardenos.remote.RemoteHostConnector c) {
                participant.add("start while etcd " + probe(inv).verdict());
            }
        };
        try (GardenOS garden = GardenOS.builder().inventory(inv).stateDir(state.root())
                .connector(new SshRemoteHostConnector(inv.ssh(), HostKeyPolicy.STRICT))
                .addModule(new EtcdModule(), new com.google.inject.AbstractModule() {
                    @Override
                    protected void configure() {
                        com.google.inject.multibindings.Multibinder.newSetBinder(binder(),
                                EtcdRestoreParticipant.class).addBinding().toInstance(recorder);
                    }
                }).build()) {
            EtcdClusterStatus restored = garden.get(EtcdOperations.class).restoreSnapshot(snapshot,
                    Duration.ofSeconds(120));
            assertThat(restored.verdict()).isEqualTo(Verdict.HEALTHY);
        }
        assertThat(participant).containsExactly("stop while etcd HEALTHY", "start while etcd HEALTHY");
        try (Client c = connection(inv).withTimeout(Duration.ofSeconds(10)).open()) {
            assertThat(c.getKVClient().get(bytes("/snap/"), GetOption.builder().isPrefix(true).build())
                    .get(15, TimeUnit.SECONDS).getKvs()).hasSize(50);
            assertThat(c.getKVClient().get(bytes("/replace/"), GetOption.builder().isPrefix(true).build())
                    .get(15, TimeUnit.SECONDS).getKvs()).hasSize(100);
            assertThat(c.getKVClient().get(bytes("/after-snapshot")).get(15, TimeUnit.SECONDS).getKvs()).isEmpty();
        }
        assertThat(apply(inv).changed()).as("apply after restore").isZero();
    }

    @Test
    @Order(7)
    void aHostAddedToTheInventoryJoinsAndARemovedOneLeavesTheMembership() throws Exception {
        Inventory grown = inventory("node1", "node2", "node3", "node4");
        ApplyReport add = apply(grown);
        assertThat(add.failures()).isEmpty();
        EtcdClusterStatus four = probe(grown);
        assertThat(four.verdict()).isEqualTo(Verdict.HEALTHY);
        assertThat(four.memberCount()).isEqualTo(4);
        assertThat(hosts.host("node1").exec("grep -c 'initial-cluster-state: .new.' /etc/etcd/etcd.conf.yml")
                .stdout().strip()).as("existing members keep their first config").isEqualTo("1");
        assertThat(hosts.host("node4").exec("cat /etc/etcd/etcd.conf.yml").stdout())
                .contains("initial-cluster-state: \"existing\"");

        Inventory shrunk = inventory("node2", "node3", "node4");
        ApplyReport remove = apply(shrunk);
        assertThat(remove.failures()).isEmpty();
        EtcdClusterStatus three = probe(shrunk);
        assertThat(three.verdict()).isEqualTo(Verdict.HEALTHY);
        assertThat(three.memberCount()).isEqualTo(3);
        assertThat(three.members()).extracting(m -> m.name().orElse("?")).containsExactlyInAnyOrder("node2", "node3",
                "node4");
        assertThat(hosts.host("node1").exec("systemctl is-active gardenos-etcd").stdout().strip())
                .isNotEqualTo("active");
        assertThat(apply(shrunk).changed()).isZero();
    }

    @Test
    @Order(8)
    void noPrivateKeyAppearsInTheLogsOrTheHostJournals() throws Exception {
        System.err.flush();
        String logs = LOGS.toString(StandardCharsets.UTF_8);
        assertThat(logs).contains("etcd").doesNotContain("PRIVATE KEY");
        List<String> keyBodies = new ArrayList<>();
        try (Stream<Path> files = Files.walk(state.resolve(EtcdPki.ROOT))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".key")).toList()) {
                Files.readAllLines(p).stream().filter(l -> !l.startsWith("-----") && l.length() > 20)
                        .forEach(keyBodies::add);
            }
        }
        assertThat(keyBodies).isNotEmpty();
        for (String body : keyBodies) {
            assertThat(logs).doesNotContain(body);
        }
        for (TestHost h : hosts.hosts()) {
            String journal = h.exec("journalctl --no-pager -o cat 2>/dev/null | tail -n 20000").stdout();
            assertThat(journal).doesNotContain("PRIVATE KEY");
            keyBodies.forEach(b -> assertThat(journal).doesNotContain(b));
        }
    }

    @Test
    @Order(9)
    void aFreshStateDirIsRefusedBeforeAnyHostChangesAndPlanWritesNoSecret() throws Exception {
        Inventory inv = inventory("node2", "node3", "node4");
        Map<String, String> caBefore = caFingerprints(inv);
        List<String> membersBefore = memberIds(inv);
        Path fresh = dir.resolve("fresh-state");

        try (GardenOS garden = GardenOS.builder().inventory(inv).stateDir(fresh)
                .connector(new SshRemoteHostConnector(inv.ssh(), HostKeyPolicy.STRICT))
                .addModule(new EtcdModule()).build()) {
            org.gardenos.engine.PlanReport plan = garden.plan("base", "etcd");
            assertThat(plan.failures()).extracting(f -> f.message()).allSatisfy(m -> assertThat(m)
                    .contains("refusing to create a new etcd CA", "node2, node3, node4", "--state-dir"));
            assertThat(plan.failures()).hasSize(3);
            assertThat(fresh.resolve(EtcdPki.ROOT)).as("plan writes no PKI").doesNotExist();

            ApplyReport refused = garden.apply(ApplyListener.NONE, "base", "etcd");
            assertThat(refused.failures()).hasSize(3).allSatisfy(f -> assertThat(f.message())
                    .contains("refusing to create a new etcd CA", "node2, node3, node4", fresh.toString()));
            assertThat(refused.changed()).as(refused.toString()).isZero();
        }
        assertThat(fresh.resolve(EtcdPki.ROOT + "/ca.crt")).doesNotExist();
        assertThat(caFingerprints(inv)).isEqualTo(caBefore);
        assertThat(memberIds(inv)).isEqualTo(membersBefore);
        assertThat(probe(inv).verdict()).isEqualTo(Verdict.HEALTHY);
    }

    // ---- helpers ----

    private Map<String, String> caFingerprints(Inventory inv) {
        Map<String, String> out = new LinkedHashMap<>();
        for (var h : inv.hostsWith(EtcdSection.ROLE)) {
            out.put(h.name(), hosts.host(h.name()).exec("sha256sum /etc/etcd/pki/ca.crt /etc/etcd/pki/member.crt; "
                    + "cat /etc/etcd/.gardenos-applied; systemctl show -p ExecMainStartTimestamp gardenos-etcd")
                    .requireOk().stdout());
        }
        return out;
    }

    private static List<String> memberIds(Inventory inv) throws Exception {
        try (Client c = connection(inv).withTimeout(Duration.ofSeconds(10)).open()) {
            return c.getClusterClient().listMember().get(15, TimeUnit.SECONDS).getMembers().stream()
                    .map(m -> Long.toHexString(m.getId()) + " " + m.getName() + " " + m.getPeerURIs()).sorted().toList();
        }
    }

    private Inventory inventory(String... etcdHosts) {
        Map<String, Set<Role>> roles = new LinkedHashMap<>();
        for (TestHost h : hosts.hosts()) {
            roles.put(h.name(), List.of(etcdHosts).contains(h.name()) ? new java.util.LinkedHashSet<>(List.of(EtcdSection.ROLE, OtherLayerRoles.SERVER)) : Set.of(OtherLayerRoles.SERVER));
        }
        String extra = "etcd:\n  version: " + release.version() + "\n  artifact: " + release.tarball() + "\n"
                + "  sha256: " + release.sha256() + "\n";
        Path file = hosts.inventoryFile("etcdtest", extra, roles);
        return InventoryLoader.withSections(List.of(new EtcdSection(), new OtherLayerRoles())).load(file).inventory();
    }

    private static GardenOS garden(Inventory inv) {
        return GardenOS.builder().inventory(inv).stateDir(state.root())
                .connector(new SshRemoteHostConnector(inv.ssh(), HostKeyPolicy.STRICT))
                .addModule(new EtcdModule()).build();
    }

    private ApplyReport apply(Inventory inv) {
        try (GardenOS garden = garden(inv)) {
            ApplyReport r = garden.apply(ApplyListener.NONE, "base", "etcd");
            assertThat(r.failures()).as("failures").isEmpty();
            return r;
        }
    }

    private static EtcdConnection connection(Inventory inv) {
        List<URI> eps = inv.hostsWith(EtcdSection.ROLE).stream().map(h -> URI.create("https://" + h.address() + ":2379"))
                .toList();
        return EtcdConnection.tls(eps, EtcdConnection.ClientTls.gardenos(EtcdPki.ensure(state, List.of())));
    }

    private static EtcdClusterStatus probe(Inventory inv) {
        return new EtcdStatusProbe(connection(inv)).probe();
    }

    private static String endpoints(Inventory inv) {
        return String.join(",", inv.hostsWith(EtcdSection.ROLE).stream().map(h -> "https://" + h.address() + ":2379")
                .toList());
    }

    private static String etcdctlWithEnv(Inventory inv, String commands) throws Exception {
        String exports;
        try (GardenOS garden = garden(inv)) {
            exports = garden.get(EtcdOperations.class).env().shellExports();
        }
        Path env = Files.writeString(dir.resolve("etcd.env"), exports);
        return bash(". " + env + "; etcdctl " + commands + " 2>&1");
    }

    private static void putMany(Inventory inv, String prefix, int n) throws Exception {
        try (Client c = connection(inv).withTimeout(Duration.ofSeconds(10)).open()) {
            List<CompletableFuture<?>> puts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                puts.add(c.getKVClient().put(bytes(prefix + i), bytes("value-" + i)));
            }
            CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    private static String bash(String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    /** Copies everything written to stderr (where slf4j-simple logs) into a buffer as well. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int x) throws java.io.IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
        }
    }
}
