package org.gardenos.etcd.pki;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.gardenos.pki.CertificateAuthority;
import org.gardenos.pki.Certificates;
import org.gardenos.state.StateDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The etcd cluster's PKI, kept in the state dir and generated once:
 * <pre>
 * etcd/pki/ca.crt, ca.key                      cluster CA (10 years)
 * etcd/pki/members/NAME.crt, NAME.key          one per member, serverAuth+clientAuth (server and peer)
 * etcd/pki/clients/NAME.crt, NAME.key          gardenos, k3s, patroni: clientAuth only; patroni's has no CommonName
 * etcd/pki/peer/ca.crt, ca.key                 the peers' own CA (issue 9 item 3): the peer port trusts only it,
 *                                              so no client certificate is accepted there
 * etcd/pki/peer/members/NAME.crt, NAME.key     one per member, for the peer port only
 * etcd/pki/peer/trust-both.crt                 both CAs, trusted on the peer port while a cluster moves to the
 *                                              peer CA (see EtcdPeerCaMove)
 * </pre>
 * Keys are written 0600 ({@link StateDir#writeSecret}), certificates 0644. A second {@link #ensure} changes nothing;
 * a member certificate is re-issued only when its SANs (its name or address) changed or it is not signed by the CA.
 */
public final class EtcdPki {
    public static final String ROOT = "etcd/pki";
    public static final String PEER_ROOT = ROOT + "/peer";
    /** Client identities: GardenOS itself and the two consumers of the cluster. */
    public static final List<String> CLIENTS = List.of("gardenos", "k3s", "patroni");
    /**
     * Clients whose certificate carries no CommonName and that log in to etcd by user and password instead. Patroni
     * speaks etcd's v3 JSON gateway, and etcd 3.4 answers every gateway request whose client certificate has a
     * CommonName with HTTP 400 once auth is on ("CommonName of client sending a request against gateway will be
     * ignored"), token or not. The certificate still passes {@code client-cert-auth}: it is signed by the CA.
     */
    public static final List<String> PASSWORD_CLIENTS = List.of("patroni");

    private static final Logger LOG = LoggerFactory.getLogger(EtcdPki.class);
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration LEAF_VALIDITY = Duration.ofDays(3650);
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /*
     * Issue 13: every etcd PKI file check asked existing() twice, and each call parsed the CA's certificate and key
     * (~40 parses per plan of 3 members, BouncyCastle's PEM reader for the key). Content parsed once is not parsed
     * again (existing()); a hash, not the bytes, is kept, so no key material outlives the call. Declared here, beside
     * the other statics, so that the class initializer stays short.
     */
    private static volatile String lastParsedCa = "";
    private static final java.util.concurrent.atomic.AtomicLong caParses = new java.util.concurrent.atomic.AtomicLong();

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
        CertificateAuthority ca = CertificateAuthority.ensure(state, ROOT, "gardenos-etcd-ca", CA_VALIDITY, issued);
        issueStale(ca, ROOT, "gardenos-etcd", members, "member ", true, issued);
        CertificateAuthority peerCa = CertificateAuthority.ensure(state, PEER_ROOT, "gardenos-etcd-peer-ca",
                CA_VALIDITY, issued);
        issueStale(peerCa, PEER_ROOT, "gardenos-etcd-peers", members, "peer ", false, issued);
        byte[] both = concat(state.read(ROOT + "/ca.crt").orElseThrow(), state.read(PEER_ROOT + "/ca.crt").orElseThrow());
        if (!java.util.Arrays.equals(state.read(PEER_ROOT + "/trust-both.crt").orElse(new byte[0]), both)) {
            state.writePublic(PEER_ROOT + "/trust-both.crt", both);
        }
        for (String client : CLIENTS) {
            if (clientCurrent(ca, client)) {
                continue;
            }
            issueClient(ca, client);
            issued.add("client " + client + (PASSWORD_CLIENTS.contains(client) ? " (without CommonName)" : ""));
        }
        if (!issued.isEmpty()) {
            LOG.info("etcd PKI in {}: issued {}", state.resolve(ROOT), issued);
        }
        return new EtcdPki(state, issued);
    }

    /** Issues the certificate of each member that has none signed by {@code ca} with its wanted SANs. */
    private static void issueStale(CertificateAuthority ca, String root, String organization, List<Member> members,
                                   String label, boolean withSans, List<String> issued) {
        for (Member m : members) {
            Set<String> wanted = memberSans(m);
            String base = root + "/members/" + m.name();
            Optional<X509Certificate> current = ca.current(base);
            if (current.isPresent() && Certificates.subjectAltNames(current.get()).equals(wanted)) {
                continue;
            }
            ca.issue(base, m.name(), organization, wanted, true, LEAF_VALIDITY);
            issued.add(label + m.name() + (withSans ? " " + wanted : ""));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * Certificate rotation (issue 9): every member, peer and client certificate issued again, with a new key, by the
     * CAs already kept (never a new CA: refused when the state dir has none). The next {@code apply etcd} pushes the
     * member files (etcd reads certificates at each handshake, and the same CAs stay trusted, so quorum is never at
     * stake) and restarts one member at a time; the layers using a client certificate pick theirs up on their apply.
     *
     * @return what was issued ({@code member NAME}, {@code peer NAME}, {@code client NAME})
     */
    public static synchronized List<String> reissueLeaves(StateDir state, List<Member> members) {
        CertificateAuthority ca = CertificateAuthority.existing(state, ROOT).orElseThrow(() ->
                new IllegalStateException("no etcd CA in " + state.resolve(ROOT) + ": nothing to rotate"));
        CertificateAuthority peerCa = CertificateAuthority.existing(state, PEER_ROOT).orElseThrow(() ->
                new IllegalStateException("no etcd peer CA in " + state.resolve(PEER_ROOT)
                        + "; hint: run 'gardenos apply etcd' first"));
        List<String> issued = new ArrayList<>();
        for (Member m : members) {
            ca.issue(ROOT + "/members/" + m.name(), m.name(), "gardenos-etcd", memberSans(m), true, LEAF_VALIDITY);
            issued.add("member " + m.name());
            peerCa.issue(PEER_ROOT + "/members/" + m.name(), m.name(), "gardenos-etcd-peers", memberSans(m), true,
                    LEAF_VALIDITY);
            issued.add("peer " + m.name());
        }
        for (String client : CLIENTS) {
            issueClient(ca, client);
            issued.add("client " + client);
        }
        LOG.info("etcd PKI in {}: re-issued {}", state.resolve(ROOT), issued);
        return issued;
    }

    /**
     * Whether {@link #ensure} would leave {@code client}'s certificate alone: signed by the kept CA, its key matching,
     * and its CommonName the client's name, or none for a {@link #PASSWORD_CLIENTS} client (a patroni certificate
     * issued before with a CommonName is issued again). Reads only.
     */
    public static boolean clientCurrent(StateDir state, String client) {
        return CertificateAuthority.existing(state, ROOT).map(ca -> clientCurrent(ca, client)).orElse(false);
    }

    private static boolean clientCurrent(CertificateAuthority ca, String client) {
        return ca.current(ROOT + "/clients/" + client)
                .map(c -> Certificates.commonName(c).equals(clientCommonName(client))).orElse(false);
    }

    private static void issueClient(CertificateAuthority ca, String client) {
        ca.issue(ROOT + "/clients/" + client, clientCommonName(client), "gardenos-etcd-clients", Set.of(), false,
                LEAF_VALIDITY);
    }

    /** etcd maps a client certificate's CommonName to the user of that name; empty for a password client. */
    private static String clientCommonName(String client) {
        return PASSWORD_CLIENTS.contains(client) ? "" : client;
    }

    /**
     * Whether {@link #ensure} would leave {@code m}'s certificate alone: the CA is kept and the member's certificate
     * is signed by it with the wanted SANs. Reads only: a plan asks this instead of issuing.
     */
    public static boolean memberCurrent(StateDir state, Member m) {
        return current(state, ROOT, ROOT + "/members/" + m.name(), m)
                && current(state, PEER_ROOT, PEER_ROOT + "/members/" + m.name(), m)
                && state.read(PEER_ROOT + "/trust-both.crt").isPresent();
    }

    private static boolean current(StateDir state, String caRoot, String base, Member m) {
        return CertificateAuthority.existing(state, caRoot)
                .flatMap(ca -> ca.current(base))
                .map(c -> Certificates.subjectAltNames(c).equals(memberSans(m)))
                .orElse(false);
    }

    /** The kept PKI without issuing anything; empty when the state dir has no etcd CA. */
    /**
     * The PKI's file paths in {@code state}, reading and checking nothing: what {@code status} uses, which changes
     * nothing (so must not issue) and needs no CA key parsed or signature checked to present a client
     * certificate; the TLS handshake itself says whether the files are good.
     */
    public static EtcdPki asIs(StateDir state) {
        return new EtcdPki(state, List.of());
    }

    public static Optional<EtcdPki> existing(StateDir state) {
        Optional<byte[]> crt = state.read(ROOT + "/ca.crt");
        Optional<byte[]> key = state.read(ROOT + "/ca.key");
        if (crt.isEmpty() || key.isEmpty()) {
            return Optional.empty();
        }
        String parsed = fingerprint(crt.get(), key.get());
        if (!parsed.equals(lastParsedCa)) {
            // what CertificateAuthority.existing parses, with its errors for files that are no certificate or key
            Certificates.readCertificate(crt.get());
            Certificates.readPrivateKey(key.get());
            caParses.incrementAndGet();
            lastParsedCa = parsed;
        }
        return Optional.of(new EtcdPki(state, List.of()));
    }

    /** How often {@link #existing} parsed the CA's files in this process (a count for tests). */
    static long caParses() {
        return caParses.get();
    }

    private static String fingerprint(byte[] crt, byte[] key) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update(Integer.toString(crt.length).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            sha.update((byte) ':');
            sha.update(crt);
            sha.update(key);
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
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

    /** The state directory the PKI is kept in (the etcd passwords are kept beside it). */
    public StateDir state() {
        return state;
    }

    public Path caCert() {
        return state.resolve(ROOT + "/ca.crt");
    }

    public Path peerCaCert() {
        return state.resolve(PEER_ROOT + "/ca.crt");
    }

    /** Both CAs in one file: what the peer port trusts while a cluster moves from the shared CA to the peer CA. */
    public Path peerTrustBoth() {
        return state.resolve(PEER_ROOT + "/trust-both.crt");
    }

    /** A member's certificate and key for the peer port, from the peer CA. */
    public CertFiles peer(String name) {
        return files(PEER_ROOT + "/members/" + name);
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

    static boolean isIpLiteral(String address) {
        return IPV4.matcher(address).matches() || address.contains(":");
    }
}
