package org.gardenos.etcd.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

/** An HTTPS GET with a client certificate (JDK HttpClient on a Netty-built JDK SSLContext), for etcd's peer port. */
public final class TlsGet {
    private TlsGet() {
    }

    /** The body of {@code uri}; an {@link java.io.IOException} when the server refuses the certificate. */
    public static String get(URI uri, Path ca, Path cert, Path key) throws Exception {
        SSLContext ssl = ((JdkSslContext) SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .trustManager(ca.toFile()).keyManager(cert.toFile(), key.toFile()).build()).context();
        HttpClient http = HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
