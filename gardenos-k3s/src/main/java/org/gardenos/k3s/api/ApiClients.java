package org.gardenos.k3s.api;

import io.kubernetes.client.openapi.ApiClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.gardenos.error.GardenException;
import org.gardenos.k3s.kubeconfig.KubeconfigCredentials;

/**
 * API clients for the cluster, built from the kubeconfig GardenOS keeps in the state directory. Only its server,
 * CA, client certificate and client key are used; a file with anything else (exec, auth-provider, tokenFile,
 * insecure-skip-tls-verify, ...) is refused, see {@link KubeconfigCredentials}.
 */
public final class ApiClients {
    private static final char[] NO_PASSWORD = new char[0];

    private ApiClients() {
    }

    public static ApiClient fromKubeconfig(Path kubeconfig) {
        if (!Files.exists(kubeconfig)) {
            throw new GardenException(kubeconfig + " does not exist; run the k3s layer first (it fetches the kubeconfig)");
        }
        String text;
        try {
            text = Files.readString(kubeconfig, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GardenException("cannot read " + kubeconfig + ": " + e.getMessage(), e);
        }
        // never hand client-java a file that could make it run a program or trust any server: only these four values
        KubeconfigCredentials credentials = KubeconfigCredentials.read(text, kubeconfig.toString());
        try {
            return client(credentials);
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw new GardenException("cannot build a Kubernetes client from " + kubeconfig + ": " + e.getMessage(), e);
        }
    }

    /**
     * The client client-java's {@code ClientBuilder.kubeconfig(config).build()} makes of a kubeconfig with only these
     * credentials, built directly: HTTP/2 and HTTP/1.1, no read timeout, a ping a minute, the server's URL without a
     * trailing {@code /}, TLS verified against the kubeconfig's CA and nothing else, the server's name checked by
     * OkHttp's hostname verifier (OkHttpClient's default, as client-java sets it), the client certificate and key as
     * the key manager. Why not ClientBuilder: it renders the credentials back to YAML for SnakeYAML to parse again,
     * and its {@code SSLUtils} registers every JCE provider on the class path (BouncyCastle's: ~340 classes and their
     * algorithm tables) to read one key, ~60 ms of a status that should take under a second (issue 13). The key is
     * read with BouncyCastle's PEM parser and the JDK's key factories, as {@code SSLUtils} reads it (which also needs
     * the public key inside an {@code EC PRIVATE KEY}).
     *
     * <p>Why the OkHttpClient is built here with its TLS, and not by {@code new ApiClient()} and its SSL setters:
     * {@code new ApiClient()} builds a default OkHttpClient, which loads the JDK's trust store (cacerts, ~140
     * certificates), and each of {@code setVerifyingSsl} and {@code setKeyManagers} rebuilds the TLS with the
     * default trust (cacerts again) while no CA is set yet: ~60-100 ms of CPU of every Kubernetes status, for trust
     * that is thrown away (docs/performance.md, k8strust). Built with its socket factory and trust manager given,
     * OkHttp never asks the platform for a trust manager; {@link FixedTlsApiClient} refuses the setters that would
     * rebuild it.
     */
    static ApiClient client(KubeconfigCredentials credentials) throws GeneralSecurityException, IOException {
        // the key first, then the CA, as before: a kubeconfig wrong in both reports the key
        KeyManager[] keys = keyManagers(decode(credentials.clientCertData()), decode(credentials.clientKeyData()));
        X509TrustManager trust = trustManager(decode(credentials.caData()));
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys, new TrustManager[] {trust}, new SecureRandom());
        OkHttpClient http = new OkHttpClient.Builder().sslSocketFactory(tls.getSocketFactory(), trust)
                .protocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1)).readTimeout(Duration.ZERO)
                .pingInterval(Duration.ofMinutes(1)).build();
        return new FixedTlsApiClient(http, keys, basePath(credentials.server()));
    }

    /**
     * A trust manager that trusts the kubeconfig's CA certificates and no other, as client-java's
     * {@code setSslCaCert} makes it (every certificate of the PEM, none is an error), over a key store that holds only
     * them: {@code TrustManagerFactory.init} is given that store, never {@code null} (which means the JDK's cacerts).
     */
    static X509TrustManager trustManager(byte[] caPem) throws GeneralSecurityException, IOException {
        Collection<? extends Certificate> cas = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(caPem));
        if (cas.isEmpty()) {
            throw new IllegalArgumentException("expected non-empty set of trusted certificates");
        }
        KeyStore store = KeyStore.getInstance("JKS");
        store.load(null, null);
        int i = 0;
        for (Certificate ca : cas) {
            store.setCertificateEntry("ca" + i++, ca);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager m : factory.getTrustManagers()) {
            if (m instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager for the kubeconfig's CA");
    }

    /** ClientBuilder's reading of the server: a scheme when there is none, no trailing {@code /}. */
    static String basePath(String server) {
        String url = server.contains("://") ? server : (server.contains(":443") ? "https://" : "http://") + server;
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static byte[] decode(String base64) {
        return Base64.getMimeDecoder().decode(base64);
    }

    private static KeyManager[] keyManagers(byte[] certificatePem, byte[] keyPem)
            throws GeneralSecurityException, IOException {
        Certificate[] chain = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(certificatePem)).toArray(Certificate[]::new);
        // JKS, as SSLUtils: the default PKCS12 would encrypt the key with 10,000 rounds of PBKDF2 and decrypt it
        // again for the key manager (~20-60 ms of CPU), to keep it in memory for this process only
        KeyStore store = KeyStore.getInstance("JKS");
        store.load(null, null);
        store.setKeyEntry("client", privateKey(keyPem), NO_PASSWORD, chain);
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, NO_PASSWORD);
        return factory.getKeyManagers();
    }

    /** PKCS#8, or PKCS#1 RSA / SEC1 EC (K3s writes an {@code EC PRIVATE KEY}); the message never shows the key. */
    static PrivateKey privateKey(byte[] pem) throws IOException, InvalidKeySpecException {
        try (PEMParser parser = new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
            Object o = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair pair) {
                // the private part alone: an EC key written without its public key is still a key
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (o instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new InvalidKeySpecException("the client key is not a PEM private key (PKCS#8, RSA or EC)");
        }
    }
}
