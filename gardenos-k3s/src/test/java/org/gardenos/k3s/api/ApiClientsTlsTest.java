package org.gardenos.k3s.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.gardenos.k3s.kubeconfig.KubeconfigCredentials;
import org.gardenos.pki.Certificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS of {@link ApiClients}' client, which it builds without client-java's SSL setters (issue 13): it trusts the
 * kubeconfig's CA and no other, verifies the server's name, presents the client certificate, never loads the JDK's
 * default trust store (cacerts), and cannot be changed afterwards. A STAND-IN API server on loopback (the JDK's HTTPS
 * server, client certificates required) answers the node list; it proves the handshake, not what a real API server
 * answers (the real-cluster tests build their clients with ApiClients too).
 */
class ApiClientsTlsTest {
    private static final Instant NOW = Instant.now();
    private static final String NODES = "{\"apiVersion\":\"v1\",\"kind\":\"NodeList\",\"metadata\":{},\"items\":[]}";

    private final KeyPair caKeys = Certificates.newKeyPair();
    private final X509Certificate ca = Certificates.selfSignedCa("cluster-ca", caKeys, NOW, Duration.ofDays(1));
    private final KeyPair otherCaKeys = Certificates.newKeyPair();
    private final X509Certificate otherCa = Certificates.selfSignedCa("other-ca", otherCaKeys, NOW, Duration.ofDays(1));
    private final List<String> clientsSeen = new ArrayList<>();
    private HttpsServer server;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** An API server on 127.0.0.1 with a certificate {@code issuer} issued for {@code ip} / {@code dns}. */
    private String serve(X509Certificate issuer, KeyPair issuerKeys, List<String> dns, List<String> ip)
            throws Exception {
        KeyPair keys = Certificates.newKeyPair();
        X509Certificate cert = Certificates.issue(issuer, issuerKeys.getPrivate(), "kube-apiserver", "kubernetes",
                keys.getPublic(), dns, ip, true, false, NOW, Duration.ofDays(1));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", keys.getPrivate(), new char[0], new X509Certificate[] {cert, issuer});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, new char[0]);
        KeyStore clientCas = KeyStore.getInstance("PKCS12");
        clientCas.load(null, null);
        clientCas.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(clientCas);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = tls.getDefaultSSLParameters();
                p.setNeedClientAuth(true); // as an API server that authenticates by client certificate
                params.setSSLParameters(p);
            }
        });
        server.createContext("/api/v1/nodes", exchange -> {
            synchronized (clientsSeen) {
                clientsSeen.add(((HttpsExchange) exchange).getSSLSession().getPeerPrincipal().getName());
            }
            byte[] body = NODES.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A kubeconfig for {@code server} with the cluster's CA and a client certificate it issued for "admin". */
    private Path kubeconfig(String server, byte[] caPem) throws IOException {
        KeyPair keys = Certificates.newKeyPair();
        X509Certificate cert = Certificates.issue(ca, caKeys.getPrivate(), "admin", "system:masters", keys.getPublic(),
                List.of(), List.of(), false, true, NOW, Duration.ofDays(1));
        Base64.Encoder b64 = Base64.getEncoder();
        KubeconfigCredentials c = new KubeconfigCredentials(server, b64.encodeToString(caPem),
                b64.encodeToString(Certificates.pem(cert)), b64.encodeToString(Certificates.pem(keys.getPrivate())));
        return Files.writeString(dir.resolve("kubeconfig"), c.render("t", server));
    }

    private static int nodes(ApiClient client) throws ApiException {
        return new CoreV1Api(client).listNode().execute().getItems().size();
    }

    @Test
    void theClusterAnswersAndSeesTheClientCertificate() throws Exception {
        String url = serve(ca, caKeys, List.of(), List.of("127.0.0.1"));
        ApiClient client = ApiClients.fromKubeconfig(kubeconfig(url, Certificates.pem(ca)));

        assertThat(nodes(client)).isZero();
        assertThat(clientsSeen).singleElement().asString().contains("CN=admin");
    }

    @Test
    void aServerWithACertificateOfAnotherCaIsRefused() throws Exception {
        String url = serve(otherCa, otherCaKeys, List.of(), List.of("127.0.0.1"));
        ApiClient client = ApiClients.fromKubeconfig(kubeconfig(url, Certificates.pem(ca)));

        assertThatThrownBy(() -> nodes(client)).isInstanceOf(ApiException.class)
                .hasCauseInstanceOf(SSLHandshakeException.class);
        assertThat(clientsSeen).isEmpty();
    }

    @Test
    void aServerWhoseCertificateNamesAnotherHostIsRefused() throws Exception {
        String url = serve(ca, caKeys, List.of("elsewhere.example"), List.of());
        ApiClient client = ApiClients.fromKubeconfig(kubeconfig(url, Certificates.pem(ca)));

        assertThatThrownBy(() -> nodes(client)).isInstanceOf(ApiException.class)
                .hasCauseInstanceOf(SSLPeerUnverifiedException.class);
        assertThat(clientsSeen).isEmpty();
    }

    @Test
    void theClientTrustsTheKubeconfigsCaAndNoOther() throws Exception {
        ApiClient client = ApiClients.fromKubeconfig(kubeconfig("https://127.0.0.1:6443", Certificates.pem(ca)));
        X509TrustManager trust = client.getHttpClient().x509TrustManager();

        assertThat(trust.getAcceptedIssuers()).containsExactly(ca);
        KeyPair keys = Certificates.newKeyPair();
        X509Certificate foreign = Certificates.issue(otherCa, otherCaKeys.getPrivate(), "kube-apiserver", "kubernetes",
                keys.getPublic(), List.of(), List.of("127.0.0.1"), true, false, NOW, Duration.ofDays(1));
        assertThatThrownBy(() -> trust.checkServerTrusted(new X509Certificate[] {foreign, otherCa}, "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void everyCertificateOfTheKubeconfigsCaBundleIsTrusted() throws Exception {
        byte[] both = (new String(Certificates.pem(ca), StandardCharsets.US_ASCII)
                + new String(Certificates.pem(otherCa), StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);

        X509TrustManager trust = ApiClients.trustManager(both);

        assertThat(trust.getAcceptedIssuers()).containsExactlyInAnyOrder(ca, otherCa);
        assertThatThrownBy(() -> ApiClients.trustManager(new byte[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected non-empty set of trusted certificates");
    }

    @Test
    void neitherBuildingNorUsingTheClientLoadsTheJdksTrustStore() throws Exception {
        String url = serve(ca, caKeys, List.of(), List.of("127.0.0.1"));
        Path file = kubeconfig(url, Certificates.pem(ca));

        // the counter sees it: client-java's own client asks the JDK for its default trust (cacerts)
        assertThat(DefaultTrustCounter.count(ApiClient::new)).isPositive();
        assertThat(DefaultTrustCounter.count(() -> nodes(ApiClients.fromKubeconfig(file)))).isZero();
        assertThat(clientsSeen).hasSize(1);
    }

    @Test
    void theClientsTlsCannotBeChangedAfterItIsBuilt() throws Exception {
        String url = serve(ca, caKeys, List.of(), List.of("127.0.0.1"));
        ApiClient client = ApiClients.fromKubeconfig(kubeconfig(url, Certificates.pem(ca)));
        var http = client.getHttpClient();

        assertThatThrownBy(() -> client.setVerifyingSsl(false)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> client.setVerifyingSsl(true)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> client.setSslCaCert(new ByteArrayInputStream(Certificates.pem(otherCa))))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> client.setKeyManagers(null)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> client.setTlsServerName("elsewhere.example"))
                .isInstanceOf(UnsupportedOperationException.class);

        assertThat(client.getHttpClient()).isSameAs(http);
        assertThat(client.isVerifyingSsl()).isTrue();
        assertThat(client.getKeyManagers()).isNotEmpty();
        assertThat(nodes(client)).isZero();
    }
}
