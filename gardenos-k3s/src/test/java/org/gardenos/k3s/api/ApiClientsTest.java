package org.gardenos.k3s.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import io.kubernetes.client.util.SSLUtils;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.X509KeyManager;
import okhttp3.OkHttpClient;
import java.security.interfaces.ECPrivateKey;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.gardenos.error.GardenException;
import org.gardenos.k3s.kubeconfig.KubeconfigCredentials;
import org.gardenos.pki.Certificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link ApiClients} builds the client client-java's {@code ClientBuilder} builds from the same kubeconfig, without
 * ClientBuilder (issue 13): compared setting by setting, key by key. That it talks to a real API server is proven by
 * the real-cluster tests, which build their clients with it.
 */
class ApiClientsTest {
    private static final Instant NOW = Instant.now();

    @TempDir
    Path dir;

    /**
     * The key as OpenSSL's traditional PEM, as K3s and kubeadm write it: {@code RSA PRIVATE KEY} (PKCS#1), or
     * {@code EC PRIVATE KEY} (SEC1) with the curve and the public key inside.
     */
    private static String traditionalPem(KeyPair keys) throws Exception {
        StringWriter out = new StringWriter();
        try (PemWriter w = new PemWriter(out)) {
            if (keys.getPrivate() instanceof ECPrivateKey ec) {
                AlgorithmIdentifier algorithm = PrivateKeyInfo.getInstance(ec.getEncoded()).getPrivateKeyAlgorithm();
                DERBitString publicKey = new DERBitString(SubjectPublicKeyInfo.getInstance(keys.getPublic()
                        .getEncoded()).getPublicKeyData().getBytes());
                w.writeObject(new PemObject("EC PRIVATE KEY", new org.bouncycastle.asn1.sec.ECPrivateKey(256,
                        ec.getS(), publicKey, algorithm.getParameters()).getEncoded()));
            } else {
                w.writeObject(new JcaMiscPEMGenerator(keys.getPrivate()));
            }
        }
        return out.toString();
    }

    /** The same key: the same value (EC keys' encodings differ in whether the curve is repeated inside). */
    private static void assertSameKey(PrivateKey actual, PrivateKey expected) {
        if (actual instanceof ECPrivateKey a && expected instanceof ECPrivateKey e) {
            assertThat(a.getS()).isEqualTo(e.getS());
            assertThat(a.getParams().getCurve()).isEqualTo(e.getParams().getCurve());
        } else {
            assertThat(actual.getEncoded()).isEqualTo(expected.getEncoded());
        }
    }

    /** Credentials with a fresh CA and client certificate, the key in {@code keyPem}'s form. */
    private static KubeconfigCredentials credentials(String server, KeyPair keys, String keyPem) {
        KeyPair caKeys = Certificates.newKeyPair();
        X509Certificate ca = Certificates.selfSignedCa("test-ca", caKeys, NOW, Duration.ofDays(1));
        X509Certificate cert = Certificates.issue(ca, caKeys.getPrivate(), "admin", "system:masters", keys.getPublic(),
                List.of(), List.of(), false, true, NOW, Duration.ofDays(1));
        Base64.Encoder b64 = Base64.getEncoder();
        return new KubeconfigCredentials(server, b64.encodeToString(Certificates.pem(ca)),
                b64.encodeToString(Certificates.pem(cert)), b64.encodeToString(keyPem.getBytes(StandardCharsets.US_ASCII)));
    }

    private static ApiClient clientBuilders(KubeconfigCredentials c) throws Exception {
        return ClientBuilder.kubeconfig(KubeConfig.loadKubeConfig(new StringReader(c.render("t", c.server())))).build();
    }

    private Path file(KubeconfigCredentials c) throws Exception {
        return Files.writeString(dir.resolve("kubeconfig"), c.render("t", c.server()));
    }

    @ParameterizedTest
    @CsvSource({"EC, sec1", "EC, pkcs8", "RSA, pkcs1", "RSA, pkcs8"})
    void theSameClientAsClientBuilder(String algorithm, String form) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (algorithm.equals("RSA")) {
            generator.initialize(2048);
        }
        KeyPair keys = algorithm.equals("EC") ? Certificates.newKeyPair() : generator.generateKeyPair();
        // sec1 / pkcs1: "EC PRIVATE KEY" / "RSA PRIVATE KEY" as K3s and kubeadm write them; pkcs8: "PRIVATE KEY"
        String keyPem = form.equals("pkcs8") ? new String(Certificates.pem(keys.getPrivate()), StandardCharsets.US_ASCII)
                : traditionalPem(keys);
        assertThat(keyPem).startsWith(form.equals("pkcs8") ? "-----BEGIN PRIVATE KEY-----"
                : "-----BEGIN " + algorithm + " PRIVATE KEY-----");
        KubeconfigCredentials c = credentials("https://203.0.113.10:6443/", keys, keyPem);

        ApiClient ours = ApiClients.fromKubeconfig(file(c));
        ApiClient theirs = clientBuilders(c);

        assertThat(ours.getBasePath()).isEqualTo(theirs.getBasePath()).isEqualTo("https://203.0.113.10:6443");
        assertThat(ours.isVerifyingSsl()).isTrue().isEqualTo(theirs.isVerifyingSsl());
        OkHttpClient o = ours.getHttpClient();
        OkHttpClient t = theirs.getHttpClient();
        assertThat(o.protocols()).isEqualTo(t.protocols());
        assertThat(List.of(o.readTimeoutMillis(), o.pingIntervalMillis(), o.connectTimeoutMillis(),
                o.writeTimeoutMillis(), o.callTimeoutMillis())).isEqualTo(List.of(t.readTimeoutMillis(),
                t.pingIntervalMillis(), t.connectTimeoutMillis(), t.writeTimeoutMillis(), t.callTimeoutMillis()));
        assertThat(o.hostnameVerifier().getClass()).isEqualTo(t.hostnameVerifier().getClass());
        assertThat(o.interceptors()).hasSameSizeAs(t.interceptors());
        // client-java's progress interceptor, the one network interceptor of its own client
        assertThat(o.networkInterceptors()).hasSize(1);
        assertThat(o.networkInterceptors().get(0).getClass()).isEqualTo(t.networkInterceptors().get(0).getClass());
        assertThat(o.connectionSpecs()).isEqualTo(t.connectionSpecs());
        assertThat(o.certificatePinner().getPins()).isEqualTo(t.certificatePinner().getPins());
        assertThat(o.x509TrustManager().getAcceptedIssuers()).isEqualTo(t.x509TrustManager().getAcceptedIssuers());
        X509KeyManager ourKeys = (X509KeyManager) ours.getKeyManagers()[0];
        X509KeyManager theirKeys = (X509KeyManager) theirs.getKeyManagers()[0];
        String ourAlias = ourKeys.chooseClientAlias(new String[] {algorithm}, null, null);
        String theirAlias = theirKeys.chooseClientAlias(new String[] {algorithm}, null, null);
        assertThat(ourKeys.getCertificateChain(ourAlias)).isEqualTo(theirKeys.getCertificateChain(theirAlias));
        assertSameKey(ourKeys.getPrivateKey(ourAlias), theirKeys.getPrivateKey(theirAlias));
        assertSameKey(ourKeys.getPrivateKey(ourAlias), SSLUtils.loadKey(keyPem.getBytes(StandardCharsets.US_ASCII)));
        assertSameKey(ourKeys.getPrivateKey(ourAlias), keys.getPrivate());
        assertThat(ourKeys.getClass()).isEqualTo(theirKeys.getClass());
    }

    @ParameterizedTest
    @CsvSource({"https://s:6443, https://s:6443", "https://s:6443/, https://s:6443", "s:443, https://s:443",
            "s:6443, http://s:6443"})
    void theServerAsClientBuilderReadsIt(String server, String basePath) {
        assertThat(ApiClients.basePath(server)).isEqualTo(basePath);
    }

    @Test
    void aKeyThatIsNoKeyIsRefusedWithoutShowingIt() throws Exception {
        KeyPair keys = Certificates.newKeyPair();
        KubeconfigCredentials c = credentials("https://127.0.0.1:6443", keys, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder().encodeToString("secret-ish bytes".getBytes(StandardCharsets.US_ASCII))
                + "\n-----END CERTIFICATE-----\n");
        Path file = file(c);
        assertThatThrownBy(() -> ApiClients.fromKubeconfig(file)).isInstanceOf(GardenException.class)
                .hasMessageStartingWith("cannot build a Kubernetes client from " + file + ": ")
                .hasMessageNotContaining("c2VjcmV0");
    }
}
