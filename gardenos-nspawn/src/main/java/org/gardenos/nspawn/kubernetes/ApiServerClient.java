package org.gardenos.nspawn.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.gardenos.pki.Certificates;

/**
 * The cluster's own small door to its API server (JDK HTTP client, client-certificate TLS): enough
 * to wait for readiness, read objects and server-side apply YAML. Tests use client-java through GardenOS's own
 * {@code ApiClients}; gardenos-nspawn does not depend on client-java.
 */
public final class ApiServerClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIELD_MANAGER = "gardenos-testkit";

    private final URI server;
    private final HttpClient http;

    ApiServerClient(URI server, Path caCert, ClusterPki.Pair clientCert) {
        this.server = server;
        this.http = HttpClient.newBuilder().sslContext(sslContext(caCert, clientCert))
                .connectTimeout(Duration.ofSeconds(2)).build();
    }

    /** The HTTP status of a GET (0 when the server cannot be reached). */
    public int status(String path) {
        try {
            return send(HttpRequest.newBuilder(server.resolve(path)).GET()).statusCode();
        } catch (IOException e) {
            return 0;
        }
    }

    /** GET of a JSON object; {@link KubernetesException} on any status but 200. */
    public JsonNode get(String path) {
        try {
            HttpResponse<String> r = send(HttpRequest.newBuilder(server.resolve(path)).GET());
            requireOk(r, "GET " + path);
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new KubernetesException("GET " + path + " failed: " + e.getMessage(), e);
        }
    }

    /** Server-side apply of one object (YAML), at the object's own path ({@code /api/v1/nodes/node1}...). */
    public JsonNode apply(String objectPath, String yaml) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(server.resolve(objectPath + "?fieldManager="
                    + FIELD_MANAGER + "&force=true"))
                    .header("Content-Type", "application/apply-patch+yaml")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(yaml));
            HttpResponse<String> r = send(b);
            requireOk(r, "apply " + objectPath);
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new KubernetesException("apply " + objectPath + " failed: " + e.getMessage(), e);
        }
    }

    /** A JSON merge patch (labels, taints: the way an admin or the k3s layer changes a Node). */
    public void mergePatch(String objectPath, String json) {
        try {
            HttpResponse<String> r = send(HttpRequest.newBuilder(server.resolve(objectPath))
                    .header("Content-Type", "application/merge-patch+json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
            requireOk(r, "patch " + objectPath);
        } catch (IOException e) {
            throw new KubernetesException("patch " + objectPath + " failed: " + e.getMessage(), e);
        }
    }

    /** DELETE; a missing object is fine. */
    public void delete(String objectPath) {
        try {
            HttpResponse<String> r = send(HttpRequest.newBuilder(server.resolve(objectPath)).DELETE());
            if (r.statusCode() != 404) {
                requireOk(r, "DELETE " + objectPath);
            }
        } catch (IOException e) {
            throw new KubernetesException("DELETE " + objectPath + " failed: " + e.getMessage(), e);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void requireOk(HttpResponse<String> r, String what) {
        if (r.statusCode() / 100 != 2) {
            String body = r.body() == null ? "" : r.body();
            throw new KubernetesException(what + " answered " + r.statusCode() + ": "
                    + body.substring(0, Math.min(400, body.length())));
        }
    }

    private static SSLContext sslContext(Path caCert, ClusterPki.Pair client) {
        try {
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(caCert)) {
                trust.setCertificateEntry("ca", x509.generateCertificate(in));
            }
            KeyStore keys = KeyStore.getInstance(KeyStore.getDefaultType());
            keys.load(null, null);
            Certificate cert;
            try (InputStream in = Files.newInputStream(client.cert())) {
                cert = x509.generateCertificate(in);
            }
            char[] password = new char[0];
            keys.setKeyEntry("client", Certificates.readPrivateKey(Files.readAllBytes(client.key())), password,
                    new Certificate[] {cert});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new KubernetesException("cannot load the test cluster's client certificate: " + e.getMessage(), e);
        }
    }
}
