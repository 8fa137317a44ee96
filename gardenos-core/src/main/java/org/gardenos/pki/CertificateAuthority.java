package org.gardenos.pki;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.gardenos.state.StateDir;

/**
 * A certificate authority kept in the state dir under {@code root} ({@code ca.crt} 0644, {@code ca.key} 0600),
 * made once and issuing leaf certificates next to it. Layers use it for their own PKI (etcd's lives in
 * {@code etcd/pki}); nothing here knows which layer it serves.
 */
public final class CertificateAuthority {
    private final StateDir state;
    private final String root;
    private final X509Certificate ca;
    private final PrivateKey caKey;

    private CertificateAuthority(StateDir state, String root, X509Certificate ca, PrivateKey caKey) {
        this.state = state;
        this.root = root;
        this.ca = ca;
        this.caKey = caKey;
    }

    /**
     * The CA under {@code root}, made when its certificate or key is missing. Callers that must not make one (a
     * read-only command on a cluster that already trusts a CA) check the files first.
     *
     * @param made receives {@code "ca"} when a new CA was made
     */
    public static synchronized CertificateAuthority ensure(StateDir state, String root, String commonName,
                                                           Duration validity, List<String> made) {
        if (state.read(root + "/ca.crt").isEmpty() || state.read(root + "/ca.key").isEmpty()) {
            KeyPair kp = Certificates.newKeyPair();
            X509Certificate ca = Certificates.selfSignedCa(commonName, kp, Instant.now(), validity);
            state.writeSecret(root + "/ca.key", Certificates.pem(kp.getPrivate()));
            state.writePublic(root + "/ca.crt", Certificates.pem(ca));
            made.add("ca");
        }
        X509Certificate ca = Certificates.readCertificate(state.read(root + "/ca.crt").orElseThrow());
        PrivateKey caKey = Certificates.readPrivateKey(state.read(root + "/ca.key").orElseThrow());
        return new CertificateAuthority(state, root, ca, caKey);
    }

    /** The CA under {@code root} when its certificate and key are both kept; never makes one (plans, guards). */
    public static Optional<CertificateAuthority> existing(StateDir state, String root) {
        Optional<byte[]> crt = state.read(root + "/ca.crt");
        Optional<byte[]> key = state.read(root + "/ca.key");
        if (crt.isEmpty() || key.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CertificateAuthority(state, root, Certificates.readCertificate(crt.get()),
                Certificates.readPrivateKey(key.get())));
    }

    /** The leaf at {@code base} (state-dir relative, without extension) when its key matches and this CA signed it. */
    public Optional<X509Certificate> current(String base) {
        Optional<byte[]> crt = state.read(base + ".crt");
        Optional<byte[]> key = state.read(base + ".key");
        if (crt.isEmpty() || key.isEmpty()) {
            return Optional.empty();
        }
        X509Certificate cert = Certificates.readCertificate(crt.get());
        PrivateKey pk = Certificates.readPrivateKey(key.get());
        return matches(cert, pk) && signedBy(cert, ca) ? Optional.of(cert) : Optional.empty();
    }

    /**
     * Issues a leaf at {@code base}: {@code base.key} 0600 then {@code base.crt} 0644. SANs are written
     * {@code DNS:name} or {@code IP:address}; {@code server} adds serverAuth to clientAuth.
     */
    public void issue(String base, String commonName, String organization, Set<String> sans, boolean server,
                      Duration validity) {
        KeyPair kp = Certificates.newKeyPair();
        List<String> dns = sans.stream().filter(s -> s.startsWith("DNS:")).map(s -> s.substring(4)).toList();
        List<String> ips = sans.stream().filter(s -> s.startsWith("IP:")).map(s -> s.substring(3)).toList();
        X509Certificate cert = Certificates.issue(ca, caKey, commonName, organization, kp.getPublic(), dns, ips, server,
                true, Instant.now(), validity);
        // key first: a crash between the two writes leaves a key without a matching cert, which current() rejects
        state.writeSecret(base + ".key", Certificates.pem(kp.getPrivate()));
        state.writePublic(base + ".crt", Certificates.pem(cert));
    }

    public String root() {
        return root;
    }

    private static boolean matches(X509Certificate cert, PrivateKey key) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(key);
            byte[] probe = "gardenos".getBytes(StandardCharsets.US_ASCII);
            s.update(probe);
            byte[] sig = s.sign();
            s.initVerify(cert.getPublicKey());
            s.update(probe);
            return s.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean signedBy(X509Certificate cert, X509Certificate ca) {
        try {
            cert.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
