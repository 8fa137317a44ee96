package org.gardenos.etcd.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.gardenos.etcd.pki.EtcdPki;

/**
 * etcd's v3 JSON gateway as Patroni's etcd3 client uses it: {@code /v3/auth/authenticate} with user and password,
 * then every request with the token, over TLS with one of {@link EtcdPki}'s client certificates.
 */
public final class GatewayLogin {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final EtcdPki pki;
    private final String client;
    private final Optional<String> token;

    private GatewayLogin(URI endpoint, EtcdPki pki, String client, Optional<String> token) {
        this.endpoint = endpoint;
        this.pki = pki;
        this.client = client;
        this.token = token;
    }

    /** Without a token: the certificate alone. */
    public static GatewayLogin certificateOnly(URI endpoint, EtcdPki pki, String client) {
        return new GatewayLogin(endpoint, pki, client, Optional.empty());
    }

    /** Logs {@code user} in with {@code password} through the gateway, using {@code client}'s certificate. */
    public static GatewayLogin login(URI endpoint, EtcdPki pki, String client, String user, String password)
            throws Exception {
        GatewayLogin anonymous = certificateOnly(endpoint, pki, client);
        HttpResponse<String> r = anonymous.post("/v3/auth/authenticate",
                JSON.writeValueAsString(Map.of("name", user, "password", password)));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("authenticate: HTTP " + r.statusCode() + " " + r.body());
        }
        return new GatewayLogin(endpoint, pki, client, Optional.of(JSON.readTree(r.body()).path("token").asText()));
    }

    public HttpResponse<String> put(String key, String value) throws Exception {
        return post("/v3/kv/put", "{\"key\":\"" + b64(key) + "\",\"value\":\"" + b64(value) + "\"}");
    }

    public HttpResponse<String> get(String key) throws Exception {
        return post("/v3/kv/range", "{\"key\":\"" + b64(key) + "\"}");
    }

    /** The number of keys {@link #get} found; fails on any status but 200. */
    public long count(String key) throws Exception {
        HttpResponse<String> r = get(key);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("range " + key + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).path("count").asLong(0);
    }

    public HttpResponse<String> post(String path, String json) throws Exception {
        EtcdPki.CertFiles c = pki.client(client);
        return TlsGet.post(endpoint.resolve(path), json, token, pki.caCert(), c.cert(), c.key());
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
