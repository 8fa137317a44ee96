package org.gardenos.etcd.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.auth.Permission;
import io.etcd.jetcd.options.GetOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.gardenos.etcd.client.EtcdConnection;
import org.gardenos.etcd.client.MemberChannels;
import org.gardenos.etcd.pki.EtcdPki;
import org.gardenos.etcd.status.EtcdClusterStatus;
import org.gardenos.etcd.status.EtcdStatusProbe;
import org.gardenos.etcd.support.GatewayLogin;
import org.gardenos.etcd.support.HardenedEtcd;
import org.gardenos.etcd.support.PkiTlsFiles;
import org.gardenos.state.StateDir;
import org.gardenos.testkit.etcd.EtcdPrerequisites;
import org.gardenos.testkit.etcd.LocalEtcdCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 item 3 on real etcd (Debian's 3.4.23, 3 TLS members on loopback, certificates from {@link EtcdPki}):
 * before the policy any client certificate reads K3s's keys; after it, patroni cannot read {@code /registry/} and
 * k3s cannot read {@code /service/}, while each keeps what it needs and GardenOS (root) still operates the cluster.
 * Patroni is checked the way Patroni talks to etcd: the v3 JSON gateway, its certificate without CommonName plus a
 * token from its kept password; k3s and gardenos by their certificates' CN over gRPC.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EtcdAccessOnRealEtcdTest {
    @TempDir
    static Path dir;
    static LocalEtcdCluster cluster;
    static EtcdPki pki;
    static StateDir state;

    @BeforeAll
    static void start() {
        EtcdPrerequisites.requireEtcd();
        state = StateDir.open(dir.resolve("state"));
        PkiTlsFiles files = new PkiTlsFiles(state);
        cluster = LocalEtcdCluster.builder().members(3).tls(files).build().start();
        pki = files.pki();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static EtcdConnection as(String user) {
        return HardenedEtcd.connection(cluster.endpoints(), pki, user);
    }

    /** Patroni as Patroni logs in: its certificate (no CN) on the gateway, a token from the kept password. */
    static GatewayLogin patroni() throws Exception {
        return GatewayLogin.login(cluster.endpoints().get(0), pki, "patroni", "patroni",
                new EtcdPasswords(state).kept("patroni").orElseThrow());
    }

    static void put(Client c, String key) throws Exception {
        c.getKVClient().put(bytes(key), bytes("v")).get(10, TimeUnit.SECONDS);
    }

    static long count(Client c, String key) throws Exception {
        return c.getKVClient().get(bytes(key)).get(10, TimeUnit.SECONDS).getCount();
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    static List<EtcdAccessPolicy.Step> pending() {
        EtcdAccessPolicy.Observed viaJetcd = EtcdAccessClient.with(as("gardenos"), pki, EtcdAccessClient::read);
        // status reads the same over plain gRPC on its member channels (GrpcAuthReads): the same, at every step
        try (MemberChannels channels = MemberChannels.open(as("gardenos"))) {
            assertThat(GrpcAuthReads.observe(channels, as("gardenos"), as("k3s"), new EtcdPasswords(state),
                    Duration.ofSeconds(3))).isEqualTo(viaJetcd);
        }
        return EtcdAccessPolicy.steps(viaJetcd);
    }

    @Test
    @Order(1)
    void withoutThePolicyPatroniReadsTheRegistry() throws Exception {
        try (Client k3s = as("k3s").open(); Client patroni = as("patroni").open()) {
            put(k3s, "/registry/secrets/kube-system/k3s-serving");
            assertThat(count(patroni, "/registry/secrets/kube-system/k3s-serving")).isEqualTo(1);
        }
        assertThat(pending()).extracting(EtcdAccessPolicy.Step::describe).contains("role add k3s",
                "role add patroni", "user add gardenos", "user gardenos grant-role root", "user patroni passwd",
                "auth enable");
        assertThat(state.resolve("etcd/passwords")).as("a plan makes no password").doesNotExist();
    }

    @Test
    @Order(2)
    void thePolicyIsAppliedOnceAndASecondRunFindsNothingToDo() throws Exception {
        HardenedEtcd.harden(cluster.endpoints(), pki);
        assertThat(pending()).isEmpty();
        assertThat(Files.getPosixFilePermissions(state.resolve("etcd/passwords/patroni")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(state.resolve("etcd/passwords/patroni.set")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    @Order(3)
    void patroniCannotReadTheRegistryAndK3sCannotReadPatronisPrefix() throws Exception {
        GatewayLogin patroni = patroni();
        assertThat(patroni.get("/registry/secrets/kube-system/k3s-serving").body()).contains("permission denied");
        assertThat(patroni.put("/registry/pwned", "v").body()).contains("permission denied");
        assertThat(patroni.put("/service/gardenos/leader", "v").statusCode()).isEqualTo(200);
        assertThat(patroni.count("/service/gardenos/leader")).isEqualTo(1);
        // the certificate alone is no user: no token, nothing
        assertThat(GatewayLogin.certificateOnly(cluster.endpoints().get(0), pki, "patroni")
                .get("/service/gardenos/leader").statusCode()).isNotEqualTo(200);
        // why patroni's certificate has no CN: etcd 3.4's gateway refuses any certificate with one once auth is on
        assertThat(GatewayLogin.certificateOnly(cluster.endpoints().get(0), pki, "k3s").get("/registry/health").body())
                .contains("CommonName of client sending a request against gateway will be ignored");
        try (Client k3s = as("k3s").open(); Client patronisCertificate = as("patroni").open()) {
            assertThatThrownBy(() -> count(patronisCertificate, "/service/gardenos/leader"))
                    .isInstanceOf(Exception.class);

            assertThatThrownBy(() -> count(k3s, "/service/gardenos/leader")).hasStackTraceContaining(
                    "permission denied");
            assertThatThrownBy(() -> put(k3s, "/service/gardenos/leader")).hasStackTraceContaining(
                    "permission denied");
            // what K3s and its kube-apiserver touch: the registry, K3s's bootstrap data (listed with the prefix
            // "/bootstrap"), and the compaction clock at the root of the key space
            for (String key : List.of("/registry/health", "/bootstrap/0123abcd", "compact_rev_key")) {
                put(k3s, key);
                assertThat(count(k3s, key)).as(key).isEqualTo(1);
            }
            assertThat(k3s.getKVClient().get(bytes("/bootstrap"), GetOption.builder().isPrefix(true).build())
                    .get(10, TimeUnit.SECONDS).getCount()).isEqualTo(1);
            // a member certificate is no user: refused as a client
            EtcdPki.CertFiles member = pki.member("etcd-1");
            try (Client m = new EtcdConnection(cluster.endpoints(), Optional.of(new EtcdConnection.ClientTls(
                    pki.caCert(), member.cert(), member.key())), Duration.ofSeconds(5)).open()) {
                assertThatThrownBy(() -> count(m, "/registry/health")).isInstanceOf(Exception.class);
            }
        }
    }

    @Test
    @Order(4)
    void gardenosStillOperatesTheClusterAsRoot() throws Exception {
        EtcdClusterStatus s = new EtcdStatusProbe(as("gardenos")).probe();
        assertThat(s.verdict()).as(s.members().toString()).isEqualTo(EtcdClusterStatus.Verdict.HEALTHY);
        try (Client g = as("gardenos").open()) {
            assertThat(count(g, "/registry/health")).isEqualTo(1);
            assertThat(count(g, "/service/gardenos/leader")).isEqualTo(1);
            assertThat(g.getClusterClient().listMember().get(10, TimeUnit.SECONDS).getMembers()).hasSize(3);
        }
    }

    @Test
    @Order(5)
    void aPermissionAddedByHandToAManagedRoleIsRevokedOnTheNextRun() throws Exception {
        try (Client g = as("gardenos").open()) {
            g.getAuthClient().roleGrantPermission(bytes("patroni"), bytes("/registry/"), bytes("/registry0"),
                    Permission.Type.READ).get(10, TimeUnit.SECONDS);
        }
        assertThat(patroni().count("/registry/health")).isEqualTo(1);
        assertThat(pending()).extracting(EtcdAccessPolicy.Step::describe)
                .containsExactly("role patroni revoke [/registry/, /registry0)");
        HardenedEtcd.harden(cluster.endpoints(), pki);
        assertThat(pending()).isEmpty();
        assertThat(patroni().get("/registry/health").body()).contains("permission denied");
    }

    @Test
    @Order(6)
    void aDeletedPasswordIsGeneratedAgainAndSetAndTheOldOneNoLongerLogsIn() throws Exception {
        String old = new EtcdPasswords(state).kept("patroni").orElseThrow();
        Files.delete(state.resolve("etcd/passwords/patroni"));

        assertThat(pending()).extracting(EtcdAccessPolicy.Step::describe).containsExactly("user patroni passwd");
        HardenedEtcd.harden(cluster.endpoints(), pki);

        assertThat(pending()).isEmpty();
        assertThat(new EtcdPasswords(state).kept("patroni")).isPresent().get().isNotEqualTo(old);
        assertThat(patroni().count("/service/gardenos/leader")).isEqualTo(1);
        assertThatThrownBy(() -> GatewayLogin.login(cluster.endpoints().get(0), pki, "patroni", "patroni", old))
                .hasMessageContaining("authentication failed");
    }
}
