package org.gardenos.etcd.pki;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.gardenos.state.StateDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The etcd cluster's PKI, kept in the state dir and generated once:
 * <pre>
 * etcd/pki/ca.crt, ca.key                      cluster CA (10 years)
 * etcd/pki/members/NAME.crt, NAME.key          one per member, serverAuth+clientAuth (server and peer)
 * etcd/pki/clients/NAME.crt, NAME.key          gardenos, k3s, patroni: clientAuth only
 * </pre>
 * Keys are written 0600 ({@link StateDir#writeSecret}), certificates 0644. A second {@link #ensure} changes nothing;
 * a member certificate is re-issued only when its SANs (its name or address) changed or it is not signed by the CA.
 */
public final class EtcdPki {
    public static final String ROOT = "etcd/pki";
    /** Client identities: GardenOS itself and the two consumers of the cluster. */
    public static final List<String> CLIENTS = List.of("gardenos", "k3s", "patroni");

    private static final Logger LOG = LoggerFactory.getLogger(EtcdPki.class);
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration LEAF_VALIDITY = Duration.ofDays(3650);
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final StateDir state;
    private final List<String> issued;

    private EtcdPki(StateDir state, List<String> issued) {
        this.state = state;
        this.issued = List.copyOf(issued);
    }

    /** A certificate and its private key as files in the state dir. */
    public record CertFiles(Path cert, Path key) {
    }

    /** One member's identity: its inventory name and the address clients and peers reach it on. */
    public record Member(String name, String address) {
    }

    /**
     * The files GardenOS needs to talk to a TLS etcd (CA, its own client certificate and key) that are missing under
     * the state directory {@code stateRoot}. Read-only callers (status, etcd commands) check this first: calling
     * {@link #ensure} for them would quietly make a new CA that the running cluster does not trust.
     */
    public static List<java.nio.file.Path> missingClientFiles(java.nio.file.Path stateRoot) {
        return List.of(ROOT + "/ca.crt", ROOT + "/clients/gardenos.crt", ROOT + "/clients/gardenos.key").stream()
                .map(stateRoot::resolve).filter(p -> !java.nio.file.Files.isRegularFile(p)).toList();
    }

    /**
     * Makes whatever is missing or stale and returns the PKI. Synchronized: parallel plays of several hosts may
     * call it at once and must not each make their own CA.
     */
    public static synchronized EtcdPki ensure(StateDir state, List<Member> members) {
        List<String> issued = new ArrayList<>();
        Instant now = Instant.now();
        if (state.read(ROOT + "/ca.crt").isEmpty() || state.read(ROOT + "/ca.key").isEmpty()) {
            KeyPair kp = Certificates.newKeyPair();
            X509Certificate ca = Certificates.selfSignedCa("gardenos-etcd-ca", kp, now, CA_VALIDITY);
            state.writeSecret(ROOT + "/ca.key", Certificates.pem(kp.getPrivate()));
            state.writePublic(ROOT + "/ca.crt", Certificates.pem(ca));
            issued.add("ca");
        }
        X509Certificate ca = Certificates.readCertificate(state.read(ROOT + "/ca.crt").orElseThrow());
        PrivateKey caKey = Certificates.readPrivateKey(state.read(ROOT + "/ca.key").orElseThrow());
        for (Member m : members) {
            Set<String> wanted = memberSans(m);
            String base = ROOT + "/members/" + m.name();
            Optional<X509Certificate> current = readIfPair(state, base).filter(c -> signedBy(c, ca));
            if (current.isPresent() && Certificates.subjectAltNames(current.get()).equals(wanted)) {
                continue;
            }
            issueLeaf(state, ca, caKey, base, m.name(), "gardenos-etcd", wanted, true, now);
            issued.add("member " + m.name() + " " + wanted);
        }
        for (String client : CLIENTS) {
            String base = ROOT + "/clients/" + client;
            if (readIfPair(state, base).filter(c -> signedBy(c, ca)).isPresent()) {
                continue;
            }
            issueLeaf(state, ca, caKey, base, client, "gardenos-etcd-clients", Set.of(), false, now);
            issued.add("client " + client);
        }
        if (!issued.isEmpty()) {
            LOG.info("etcd PKI in {}: issued {}", state.resolve(ROOT), issued);
        }
        return new EtcdPki(state, issued);
    }

    /** The SANs a member's certificate must carry: its name, its address, localhost and 127.0.0.1. */
    public static Set<String> memberSans(Member m) {
        Set<String> sans = new TreeSet<>();
        sans.add("DNS:" + m.name());
        sans.add("DNS:localhost");
        sans.add("IP:127.0.0.1");
        sans.add(isIpLiteral(m.address()) ? "IP:" + m.address() : "DNS:" + m.address());
        return sans;
    }

    /** What this {@link #ensure} call issued (empty on a re-run): {@code ca}, {@code member NAME [...]}, ... */
    public List<String> issued() {
        return issued;
    }

    public Path caCert() {
        return state.resolve(ROOT + "/ca.crt");
    }

    public CertFiles member(String name) {
        return files(ROOT + "/members/" + name);
    }

    public CertFiles client(String name) {
        return files(ROOT + "/clients/" + name);
    }

    private CertFiles files(String base) {
        return new CertFiles(state.resolve(base + ".crt"), state.resolve(base + ".key"));
    }

    private static void issueLeaf(StateDir state, X509Certificate ca, PrivateKey caKey, String base, String cn,
                                  String org, Set<String> sans, boolean server, Instant now) {
        KeyPair kp = Certificates.newKeyPair();
        List<String> dns = sans.stream().filter(s -> s.startsWith("DNS:")).map(s -> s.substring(4)).toList();
        List<String> ips = sans.stream().filter(s -> s.startsWith("IP:")).map(s -> s.substring(3)).toList();
        X509Certificate cert = Certificates.issue(ca, caKey, cn, org, kp.getPublic(), dns, ips, server, true, now,
                LEAF_VALIDITY);
        // key first: a crash between the two writes leaves a key without a matching cert, which readIfPair rejects
        state.writeSecret(base + ".key", Certificates.pem(kp.getPrivate()));
        state.writePublic(base + ".crt", Certificates.pem(cert));
    }

    private static Optional<X509Certificate> readIfPair(StateDir state, String base) {
        Optional<byte[]> crt = state.read(base + ".crt");
        Optional<byte[]> key = state.read(base + ".key");
        if (crt.isEmpty() || key.isEmpty()) {
            return Optional.empty();
        }
        X509Certificate cert = Certificates.readCertificate(crt.get());
        PrivateKey pk = Certificates.readPrivateKey(key.get());
        return matches(cert, pk) ? Optional.of(cert) : Optional.empty();
    }

    private static boolean matches(X509Certificate cert, PrivateKey key) {
        try {
            java.security.Signature s = java.security.Signature.getInstance("SHA256withECDSA");
            s.initSign(key);
            byte[] probe = "gardenos".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
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

    static boolean isIpLiteral(String address) {
        return IPV4.matcher(address).matches() || address.contains(":");
    }
}
