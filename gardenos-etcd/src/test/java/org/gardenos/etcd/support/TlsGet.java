package org.gardenos.etcd.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

/** An HTTPS GET or POST with a client certificate (JDK HttpClient on a Netty-built JDK SSLContext), for etcd's peer port and v3 gateway. */
public final class TlsGet {
    private TlsGet() {
    }

    /** The body of {@code uri}; an {@link java.io.IOException} when the server refuses the certificate. */
    public static String get(URI uri, Path ca, Path cert, Path key) throws Exception {
        return client(ca, cert, key).send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The body of a POST of {@code json} to {@code uri} (etcd's v3 JSON gateway, as Patroni speaks to it). */
    public static String post(URI uri, String json, Path ca, Path cert, Path key) throws Exception {
        return client(ca, cert, key).send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /**
     * A POST of {@code json} to {@code uri} with etcd's auth token in the {@code Authorization} header when given (as
     * Patroni's etcd3 client sends it); the whole response, so a test sees the status.
     */
    public static HttpResponse<String> post(URI uri, String json, Optional<String> token, Path ca, Path cert, Path key)
            throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(json));
        token.ifPresent(t -> r.header("Authorization", t));
        return client(ca, cert, key).send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient client(Path ca, Path cert, Path key) throws Exception {
        SSLContext ssl = ((JdkSslContext) SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .trustManager(ca.toFile()).keyManager(cert.toFile(), key.toFile()).build()).context();
        return HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }
}
