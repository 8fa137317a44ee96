package org.gardenos.etcd.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.gardenos.etcd.client.EtcdConnection;
import org.gardenos.etcd.status.EtcdClusterStatus;
import org.gardenos.etcd.status.EtcdStatusProbe;
import org.gardenos.etcd.support.PkiTlsFiles;
import org.gardenos.state.StateDir;
import org.gardenos.testkit.etcd.EtcdPrerequisites;
import org.gardenos.testkit.etcd.LocalEtcdCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real etcd with client-cert auth on clients and peers, certificates from {@link EtcdPki}. */
class EtcdPkiTlsTest {
    @TempDir
    static Path dir;
    static LocalEtcdCluster cluster;
    static EtcdPki pki;

    @BeforeAll
    static void start() {
        EtcdPrerequisites.requireEtcd();
        PkiTlsFiles files = new PkiTlsFiles(StateDir.open(dir.resolve("state")));
        cluster = LocalEtcdCluster.builder().members(3).tls(files).build().start();
        pki = files.pki();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void membersFormOverTlsAndTheGardenosClientSeesThemHealthy() throws Exception {
        assertThat(cluster.endpoints()).allSatisfy(u -> assertThat(u.getScheme()).isEqualTo("https"));
        EtcdConnection conn = EtcdConnection.tls(cluster.endpoints(), EtcdConnection.ClientTls.gardenos(pki));
        EtcdClusterStatus status = new EtcdStatusProbe(conn).probe();
        assertThat(status.verdict()).as(status.members().toString()).isEqualTo(EtcdClusterStatus.Verdict.HEALTHY);
        for (String consumer : List.of("k3s", "patroni")) {
            EtcdPki.CertFiles c = pki.client(consumer);
            try (Client client = EtcdConnection.tls(cluster.endpoints(),
                    new EtcdConnection.ClientTls(pki.caCert(), c.cert(), c.key())).open()) {
                ByteSequence k = ByteSequence.from("/" + consumer, StandardCharsets.UTF_8);
                client.getKVClient().put(k, k).get(10, TimeUnit.SECONDS);
                assertThat(client.getKVClient().get(k).get(10, TimeUnit.SECONDS).getKvs()).hasSize(1);
            }
        }
    }

    @Test
    void aClientWithoutACertificateIsRefused() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(EtcdPrerequisites.ETCDCTL.toString(),
                "--endpoints=" + cluster.endpointsCsv(), "--cacert=" + pki.caCert(), "--command-timeout=3s",
                "--dial-timeout=2s", "get", "/k3s").redirectErrorStream(true);
        pb.environment().put("ETCDCTL_API", "3");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isNotZero();

        // the same through jetcd: trusts the CA, presents no certificate
        EtcdConnection anonymous = new EtcdConnection(cluster.endpoints(), Optional.empty(),
                java.time.Duration.ofSeconds(2));
        try (Client c = Client.builder().endpoints(cluster.endpoints().toArray(java.net.URI[]::new))
                .sslContext(b -> b.trustManager(pki.caCert().toFile())).build()) {
            assertThatThrownBy(() -> c.getKVClient().get(ByteSequence.from("/k3s", StandardCharsets.UTF_8))
                    .get(5, TimeUnit.SECONDS)).isInstanceOf(Exception.class);
        }
        assertThat(new EtcdStatusProbe(anonymous).probe().verdict())
                .isEqualTo(EtcdClusterStatus.Verdict.NO_QUORUM);
    }

    @Test
    void withTheClientCertificateEtcdctlSucceeds() throws Exception {
        EtcdPki.CertFiles c = pki.client("gardenos");
        ProcessBuilder pb = new ProcessBuilder(EtcdPrerequisites.ETCDCTL.toString(),
                "--endpoints=" + cluster.endpointsCsv(), "--cacert=" + pki.caCert(), "--cert=" + c.cert(),
                "--key=" + c.key(), "--command-timeout=5s", "endpoint", "health").redirectErrorStream(true);
        pb.environment().put("ETCDCTL_API", "3");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("is healthy");
    }
}
