package org.gardenos.postgres.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.gardenos.pki.Certificates;
import org.gardenos.pki.EtcdClientCredentials;

/**
 * Patroni's keys in etcd, reached the way Patroni's own etcd3 client reaches them: etcd's v3 JSON gateway
 * ({@code POST /v3/kv/range}, {@code /v3/kv/put}) with the {@code patroni} client certificate and, when etcd auth is
 * on, the {@code patroni} user's token from {@code POST /v3/auth/authenticate} in the {@code Authorization} header
 * (the certificate has no CN: etcd 3.4's gateway refuses one that has). The etcd hardening limits that user to
 * {@code /service/}. Listing asks for keys only (at most 256, parsed as untrusted); writing is used for Patroni's own
 * switchover request key. The password goes only into the body of the authenticate request; the token is never logged.
 */
public final class EtcdGateway {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_KEYS = 256;

    private EtcdGateway() {
    }

    /** Sets {@code key} to {@code value} on the first endpoint that answers. */
    public static void put(List<String> endpoints, EtcdClientCredentials.ClientFiles tls,
                           Optional<EtcdClientCredentials.ClientLogin> login, String key, String value)
            throws IOException {
        post(endpoints, tls, login, "/v3/kv/put", "{\"key\":\"" + b64(key) + "\",\"value\":\"" + b64(value)
                + "\"}");
    }

    /** The keys below {@code prefix} from the first endpoint that answers. */
    public static List<String> list(List<String> endpoints, EtcdClientCredentials.ClientFiles tls,
                                    Optional<EtcdClientCredentials.ClientLogin> login, String prefix)
            throws IOException {
        return keys(post(endpoints, tls, login, "/v3/kv/range", "{\"key\":\"" + b64(prefix)
                + "\",\"range_end\":\"" + b64(rangeEnd(prefix)) + "\",\"keys_only\":true,\"limit\":" + MAX_KEYS
                + "}"));
    }

    private static String post(List<String> endpoints, EtcdClientCredentials.ClientFiles tls,
                               Optional<EtcdClientCredentials.ClientLogin> login, String path, String body)
            throws IOException {
        HttpClient http = client(tls);
        IOException last = new IOException("no etcd endpoint");
        for (String endpoint : endpoints) {
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint + path))
                        .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofString(body));
                if (login.isPresent()) {
                    request.header("Authorization", token(http, endpoint, login.get()));
                }
                HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    last = new IOException(endpoint + ": HTTP " + r.statusCode() + error(r.body()));
                    continue;
                }
                return r.body();
            } catch (IOException e) {
                last = new IOException(endpoint + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        throw last;
    }

    /** A token for {@code login} from {@code endpoint}'s gateway (etcd's simple tokens live 5 minutes: one per call). */
    private static String token(HttpClient http, String endpoint, EtcdClientCredentials.ClientLogin login)
            throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("name", login.username(), "password", login.password()));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/v3/auth/authenticate"))
                .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("etcd user " + login.username() + " cannot log in: HTTP " + r.statusCode()
                    + error(r.body()));
        }
        String token = bounded(r.body()).path("token").asText("");
        if (!token.matches("[A-Za-z0-9._-]{1,256}")) {
            throw new IOException("etcd answered authenticate without a usable token");
        }
        return token;
    }

    /**
     * etcd's error text from a gateway answer, bounded and printable: the {@code message} of its JSON errors, or the
     * plain text of the gateway's own refusals (e.g. "CommonName of client sending a request against gateway...").
     */
    private static String error(String body) {
        String message;
        try {
            message = bounded(body).path("message").asText("");
        } catch (IOException e) {
            message = body;
        }
        message = message.strip();
        return message.isEmpty() ? "" : ": " + message.substring(0, Math.min(200, message.length()))
                .replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static JsonNode bounded(String json) throws IOException {
        if (json.length() > 1 << 20) {
            throw new IOException("etcd answer too long");
        }
        return JSON.readTree(json);
    }

    public static List<String> keys(String json) throws IOException {
        List<String> keys = new ArrayList<>();
        for (JsonNode kv : bounded(json).path("kvs")) {
            String key = new String(Base64.getDecoder().decode(kv.path("key").asText("")), StandardCharsets.UTF_8);
            if (key.matches("[A-Za-z0-9/_.-]{1,512}")) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** etcd's "every key with this prefix": the prefix with its last byte incremented. */
    public static String rangeEnd(String prefix) {
        char last = prefix.charAt(prefix.length() - 1);
        return prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpClient client(EtcdClientCredentials.ClientFiles tls) throws IOException {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (tls == null) {
            return b.build();
        }
        try {
            char[] none = new char[0];
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, none);
            keys.setKeyEntry("client", Certificates.readPrivateKey(Files.readAllBytes(tls.key())), none,
                    new Certificate[] {Certificates.readCertificate(Files.readAllBytes(tls.cert()))});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, none);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, none);
            trust.setCertificateEntry("ca", Certificates.readCertificate(Files.readAllBytes(tls.caCert())));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return b.sslContext(ssl).build();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS to etcd: " + e.getMessage(), e);
        }
    }
}
