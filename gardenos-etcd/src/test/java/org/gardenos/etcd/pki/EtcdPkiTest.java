package org.gardenos.etcd.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.gardenos.pki.CertificateAuthority;
import org.gardenos.pki.Certificates;
import org.gardenos.state.StateDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PKI as files in a state dir: contents, modes, idempotence, re-issue on SAN change. No etcd needed. */
class EtcdPkiTest {
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    @TempDir
    Path dir;

    private final List<EtcdPki.Member> members = List.of(new EtcdPki.Member("etcd-1", "10.0.0.11"),
            new EtcdPki.Member("etcd-2", "10.0.0.12"), new EtcdPki.Member("etcd-3", "node3.example.org"));

    @Test
    void memberCertificatesCarryNameAddressLocalhostAndServerPlusClientAuth() throws Exception {
        EtcdPki pki = EtcdPki.ensure(StateDir.open(dir), members);
        X509Certificate c1 = cert(pki.member("etcd-1").cert());
        assertThat(Certificates.subjectAltNames(c1))
                .containsExactlyInAnyOrder("DNS:etcd-1", "DNS:localhost", "IP:127.0.0.1", "IP:10.0.0.11");
        assertThat(Certificates.subjectAltNames(cert(pki.member("etcd-3").cert())))
                .contains("DNS:node3.example.org").doesNotContain("IP:node3.example.org");
        assertThat(c1.getExtendedKeyUsage()).containsExactlyInAnyOrder(SERVER_AUTH, CLIENT_AUTH);
        assertThat(c1.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(c1.getBasicConstraints()).isEqualTo(-1);
        assertThat(Certificates.commonName(c1)).isEqualTo("etcd-1");
    }

    @Test
    void clientCertificatesAreClientAuthOnlyForGardenosK3sAndPatroniWhoseHasNoCommonName() throws Exception {
        EtcdPki pki = EtcdPki.ensure(StateDir.open(dir), members);
        for (String client : List.of("gardenos", "k3s", "patroni")) {
            X509Certificate c = cert(pki.client(client).cert());
            assertThat(Certificates.commonName(c)).isEqualTo(client.equals("patroni") ? "" : client);
            assertThat(c.getSubjectX500Principal().getName()).contains("O=gardenos-etcd-clients");
            assertThat(c.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
            assertThat(Certificates.subjectAltNames(c)).isEmpty();
        }
    }

    @Test
    void aPatroniCertificateIssuedWithACommonNameIsIssuedAgainWithoutAndTheOthersAreKept() throws Exception {
        StateDir state = StateDir.open(dir);
        EtcdPki.ensure(state, members);
        CertificateAuthority ca = CertificateAuthority.existing(state, EtcdPki.ROOT).orElseThrow();
        // what releases before this change issued
        ca.issue(EtcdPki.ROOT + "/clients/patroni", "patroni", "gardenos-etcd-clients", java.util.Set.of(), false,
                java.time.Duration.ofDays(1));
        byte[] k3s = java.nio.file.Files.readAllBytes(state.resolve(EtcdPki.ROOT + "/clients/k3s.crt"));
        assertThat(EtcdPki.clientCurrent(state, "patroni")).isFalse();
        assertThat(EtcdPki.clientCurrent(state, "k3s")).isTrue();

        EtcdPki again = EtcdPki.ensure(state, members);

        assertThat(again.issued()).containsExactly("client patroni (without CommonName)");
        assertThat(Certificates.commonName(cert(again.client("patroni").cert()))).isEmpty();
        assertThat(EtcdPki.clientCurrent(state, "patroni")).isTrue();
        assertThat(java.nio.file.Files.readAllBytes(state.resolve(EtcdPki.ROOT + "/clients/k3s.crt"))).isEqualTo(k3s);
        assertThat(EtcdPki.ensure(state, members).issued()).isEmpty();
        assertThat(EtcdPki.reissueLeaves(state, members)).contains("client patroni");
        assertThat(Certificates.commonName(cert(again.client("patroni").cert()))).isEmpty();
    }

    @Test
    void everyCertificateChainsToTheCaAndTheCaIsACa() throws Exception {
        EtcdPki pki = EtcdPki.ensure(StateDir.open(dir), members);
        X509Certificate ca = cert(pki.caCert());
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        params.setRevocationEnabled(false);
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        for (Path p : List.of(pki.member("etcd-1").cert(), pki.member("etcd-2").cert(),
                pki.client("gardenos").cert(), pki.client("k3s").cert(), pki.client("patroni").cert())) {
            CertPathValidator.getInstance("PKIX").validate(cf.generateCertPath(List.of(cert(p))), params);
        }
    }

    @Test
    void keysAre0600CertificatesAre0644AndKeysArePkcs8() throws Exception {
        StateDir state = StateDir.open(dir);
        EtcdPki.ensure(state, members);
        try (Stream<Path> files = Files.walk(state.resolve(EtcdPki.ROOT))) {
            List<Path> all = files.filter(Files::isRegularFile).toList();
            assertThat(all).filteredOn(p -> p.toString().endsWith(".key")).hasSize(1 + 3 + 3 + 1 + 3)
                    .allSatisfy(p -> {
                        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
                                .isEqualTo("rw-------");
                        assertThat(Files.readString(p)).startsWith("-----BEGIN PRIVATE KEY-----");
                    });
            assertThat(all).filteredOn(p -> p.toString().endsWith(".crt")).hasSize(1 + 3 + 3 + 1 + 3 + 1)
                    .allSatisfy(p -> assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
                            .isEqualTo("rw-r--r--"));
        }
    }

    @Test
    void aSecondEnsureIssuesNothingAndChangesNoByte() throws Exception {
        StateDir state = StateDir.open(dir);
        EtcdPki first = EtcdPki.ensure(state, members);
        // CA, members, clients, the peer CA and the members' peer certificates
        assertThat(first.issued()).hasSize(1 + 3 + 3 + 1 + 3);
        byte[] ca = Files.readAllBytes(first.caCert());
        byte[] m1 = Files.readAllBytes(first.member("etcd-1").key());

        EtcdPki second = EtcdPki.ensure(state, members);

        assertThat(second.issued()).isEmpty();
        assertThat(Files.readAllBytes(second.caCert())).isEqualTo(ca);
        assertThat(Files.readAllBytes(second.member("etcd-1").key())).isEqualTo(m1);
    }

    @Test
    void aMemberWhoseAddressChangedIsReissuedAloneAndNewMembersGetCertificates() throws Exception {
        StateDir state = StateDir.open(dir);
        EtcdPki first = EtcdPki.ensure(state, members);
        byte[] m2 = Files.readAllBytes(first.member("etcd-2").cert());

        EtcdPki second = EtcdPki.ensure(state, List.of(new EtcdPki.Member("etcd-1", "10.0.0.21"),
                members.get(1), new EtcdPki.Member("etcd-4", "10.0.0.14")));

        assertThat(second.issued()).hasSize(4)
                .anySatisfy(s -> assertThat(s).startsWith("member etcd-1").contains("IP:10.0.0.21"))
                .anySatisfy(s -> assertThat(s).startsWith("member etcd-4"))
                .contains("peer etcd-1", "peer etcd-4");
        assertThat(Certificates.subjectAltNames(cert(second.member("etcd-1").cert()))).contains("IP:10.0.0.21")
                .doesNotContain("IP:10.0.0.11");
        assertThat(Files.readAllBytes(second.member("etcd-2").cert())).isEqualTo(m2);
    }

    @Test
    void aCertificateWhoseKeyWasReplacedIsReissued() throws Exception {
        StateDir state = StateDir.open(dir);
        EtcdPki.ensure(state, members);
        state.writeSecret(EtcdPki.ROOT + "/clients/k3s.key", Certificates.pem(Certificates.newKeyPair().getPrivate()));
        assertThat(EtcdPki.ensure(state, members).issued()).containsExactly("client k3s");
    }

    /**
     * Issue 13: the PKI file checks ask {@link EtcdPki#existing} about 40 times a run; the CA's certificate and key
     * are parsed once per content, and files that are no certificate or key fail as
     * {@link CertificateAuthority#existing} fails.
     */
    @Test
    void existingParsesTheCaOncePerContentAndFailsOnBrokenFilesAsBefore() throws Exception {
        StateDir state = StateDir.open(dir);
        EtcdPki.ensure(state, members);
        long before = EtcdPki.caParses();
        for (int i = 0; i < 40; i++) {
            assertThat(EtcdPki.existing(state)).isPresent();
        }
        assertThat(EtcdPki.caParses() - before).isEqualTo(1);

        Path key = dir.resolve(EtcdPki.ROOT + "/ca.key");
        byte[] kept = Files.readAllBytes(key);
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nbroken\n-----END PRIVATE KEY-----\n");
        Throwable expected = org.assertj.core.api.Assertions.catchThrowable(
                () -> CertificateAuthority.existing(state, EtcdPki.ROOT));
        assertThat(expected).isNotNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EtcdPki.existing(state))
                .isInstanceOf(expected.getClass()).hasMessage(expected.getMessage());

        Files.write(key, kept);
        assertThat(EtcdPki.existing(state)).isPresent();
        Files.delete(dir.resolve(EtcdPki.ROOT + "/ca.crt"));
        assertThat(EtcdPki.existing(state)).isEmpty();
    }

    private static X509Certificate cert(Path p) throws Exception {
        return Certificates.readCertificate(Files.readAllBytes(p));
    }
}
