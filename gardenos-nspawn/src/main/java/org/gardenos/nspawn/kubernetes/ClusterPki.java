package org.gardenos.nspawn.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.gardenos.pki.Certificates;

/**
 * The test cluster's own PKI, like the one K3s makes at its first start: one CA for the Kubernetes components and
 * clients, one for etcd, a service-account signing key, all made with GardenOS's {@link Certificates} (ECDSA P-256,
 * PKCS#8 keys). Files are PEM under one directory; keys mode 0600, written with that mode from the start.
 */
final class ClusterPki {
    private static final Duration VALIDITY = Duration.ofDays(30);

    private final Path dir;
    private final Signer kubernetesCa;
    private final Signer etcdCa;

    private ClusterPki(Path dir, Signer kubernetesCa, Signer etcdCa) {
        this.dir = dir;
        this.kubernetesCa = kubernetesCa;
        this.etcdCa = etcdCa;
    }

    /** A certificate and its key as files. */
    record Pair(Path cert, Path key) {
    }

    /** Creates both CAs and the service-account key pair in {@code dir}. */
    static ClusterPki create(Path dir) {
        ClusterPki pki = new ClusterPki(dir, Signer.selfSigned("gardenos-test-kubernetes-ca"),
                Signer.selfSigned("gardenos-test-etcd-ca"));
        pki.write("ca.crt", Certificates.pem(pki.kubernetesCa.cert()), "rw-r--r--");
        pki.write("ca.key", Certificates.pem(pki.kubernetesCa.keys().getPrivate()), "rw-------");
        pki.write("etcd-ca.crt", Certificates.pem(pki.etcdCa.cert()), "rw-r--r--");
        KeyPair sa = Certificates.newKeyPair();
        pki.write("sa.key", Certificates.pem(sa.getPrivate()), "rw-------");
        String publicPem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(sa.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        pki.write("sa.pub", publicPem.getBytes(StandardCharsets.US_ASCII), "rw-r--r--");
        return pki;
    }

    Path caCert() {
        return dir.resolve("ca.crt");
    }

    Path caKey() {
        return dir.resolve("ca.key");
    }

    Path etcdCaCert() {
        return dir.resolve("etcd-ca.crt");
    }

    Path serviceAccountKey() {
        return dir.resolve("sa.key");
    }

    Path serviceAccountPublicKey() {
        return dir.resolve("sa.pub");
    }

    /** A client certificate of the Kubernetes CA: {@code CN=user}, {@code O=group} (RBAC reads both). */
    Pair client(String fileName, String user, String group) {
        return issue(kubernetesCa, fileName, user, group, List.of(), List.of(), false, true);
    }

    /** The API server's serving certificate. */
    Pair apiServer(List<String> dnsNames, List<String> ipAddresses) {
        return issue(kubernetesCa, "apiserver", "kube-apiserver", "kubernetes", dnsNames, ipAddresses, true, false);
    }

    /** A serving and client certificate of the etcd CA (etcd members are both, and so is the API server's client). */
    Pair etcd(String fileName, String name, List<String> ipAddresses) {
        return issue(etcdCa, fileName, name, "etcd", List.of("localhost"), ipAddresses, true, true);
    }

    private Pair issue(Signer ca, String fileName, String cn, String org, List<String> dns, List<String> ips,
                       boolean server, boolean client) {
        KeyPair keys = Certificates.newKeyPair();
        X509Certificate cert = Certificates.issue(ca.cert(), ca.keys().getPrivate(), cn, org, keys.getPublic(), dns,
                ips, server, client, Instant.now(), VALIDITY);
        return new Pair(write(fileName + ".crt", Certificates.pem(cert), "rw-r--r--"),
                write(fileName + ".key", Certificates.pem(keys.getPrivate()), "rw-------"));
    }

    private Path write(String file, byte[] content, String mode) {
        Path p = dir.resolve(file);
        try {
            Files.deleteIfExists(p);
            Files.createFile(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
            Files.write(p, content);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + p, e);
        }
    }

    /** A CA: its certificate and key pair. */
    private record Signer(X509Certificate cert, KeyPair keys) {
        static Signer selfSigned(String cn) {
            KeyPair keys = Certificates.newKeyPair();
            return new Signer(Certificates.selfSignedCa(cn, keys, Instant.now(), VALIDITY), keys);
        }
    }
}
