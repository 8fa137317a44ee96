package org.gardenos.testkit.kubernetes;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The test cluster's own PKI, like the one K3s makes at its first start: one CA for the Kubernetes components and
 * clients, one for etcd, ECDSA P-256 keys, a service-account signing key. Files are PEM (keys PKCS#8, mode 0600)
 * under one directory. This is test-cluster material, not GardenOS's PKI (that lives in gardenos-etcd and is what
 * the etcd tests exercise); it only has to satisfy the real Kubernetes binaries.
 */
final class ClusterPki {
    private static final SecureRandom RANDOM = new SecureRandom();
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
        Signer k8s = Signer.selfSigned("gardenos-test-kubernetes-ca");
        Signer etcd = Signer.selfSigned("gardenos-test-etcd-ca");
        ClusterPki pki = new ClusterPki(dir, k8s, etcd);
        pki.writeCert("ca.crt", k8s.cert);
        pki.writeKey("ca.key", k8s.keys);
        pki.writeCert("etcd-ca.crt", etcd.cert);
        KeyPair sa = newKeyPair();
        pki.writeKey("sa.key", sa);
        pki.write("sa.pub", pem(sa.getPublic()), "rw-r--r--");
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
        KeyPair keys = newKeyPair();
        Instant now = Instant.now();
        List<KeyPurposeId> purposes = new ArrayList<>();
        if (server) {
            purposes.add(KeyPurposeId.id_kp_serverAuth);
        }
        if (client) {
            purposes.add(KeyPurposeId.id_kp_clientAuth);
        }
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca.cert, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), name(cn, org),
                    keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new)));
            List<GeneralName> sans = new ArrayList<>();
            dns.forEach(d -> sans.add(new GeneralName(GeneralName.dNSName, d)));
            ips.forEach(ip -> sans.add(new GeneralName(GeneralName.iPAddress, ip)));
            if (!sans.isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(sans.toArray(GeneralName[]::new)));
            }
            X509Certificate cert = sign(b, ca.keys);
            return new Pair(writeCert(fileName + ".crt", cert), writeKey(fileName + ".key", keys));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue the test cluster certificate " + cn, e);
        }
    }

    private Path writeCert(String file, X509Certificate cert) {
        return write(file, pem(cert), "rw-r--r--");
    }

    private Path writeKey(String file, KeyPair keys) {
        try {
            return write(file, pem(new JcaPKCS8Generator(keys.getPrivate(), null).generate()), "rw-------");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes with the final mode from the start, so a key is never readable by others, not even briefly. */
    private Path write(String file, String content, String mode) {
        Path p = dir.resolve(file);
        try {
            Files.deleteIfExists(p);
            Files.createFile(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
            Files.writeString(p, content, StandardCharsets.US_ASCII);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + p, e);
        }
    }

    private static String pem(Object o) {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return s.toString();
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no EC P-256 in this JVM", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair issuer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).add(BigInteger.ONE);
    }

    private static X500Name name(String cn, String org) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, org).addRDN(BCStyle.CN, cn).build();
    }

    /** A CA: its certificate and key pair. */
    private record Signer(X509Certificate cert, KeyPair keys) {
        static Signer selfSigned(String cn) {
            KeyPair keys = newKeyPair();
            Instant now = Instant.now();
            X500Name name = name(cn, "GardenOS test cluster");
            try {
                X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(),
                        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), name,
                        keys.getPublic())
                        .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                        .addExtension(Extension.keyUsage, true,
                                new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
                return new Signer(sign(b, keys), keys);
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot make the test cluster CA " + cn, e);
            }
        }
    }
}
