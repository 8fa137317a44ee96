package org.gardenos.etcd.client;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;
import org.gardenos.error.GardenException;
import org.gardenos.pki.Certificates;

/**
 * The netty TLS context of an etcd client identity ({@link EtcdConnection.ClientTls}). The client key is read here
 * when it is PKCS#8 PEM (what the state dir's PKI writes) and handed to netty as a key: given the key file instead,
 * netty tries BouncyCastle's PEM reader first whenever BouncyCastle is on the class path, and that builds a
 * BouncyCastle JCE provider, about 0.1 s of CPU of every command that talks to etcd (docs/performance.md). A key in
 * another format still goes to netty as a file, as before.
 */
final class ClientTlsContext {
    private static final String PKCS8 = "-----BEGIN PRIVATE KEY-----";

    private ClientTlsContext() {
    }

    static SslContext build(EtcdConnection.ClientTls t) {
        try {
            // JKS, not the default PKCS12, for the in-memory key store Netty puts the client key in: PKCS12 derives
            // a key (PBKDF2, 10,000 rounds) to store it and again to read it back, 40 ms of CPU per context in a
            // fresh JVM (issue 13's profile of status); the store never leaves this process
            SslContextBuilder b = forGrpc().keyStoreType("JKS").trustManager(t.caCert().toFile());
            byte[] key = Files.readAllBytes(t.clientKey());
            if (new String(key, StandardCharsets.US_ASCII).contains(PKCS8)) {
                PrivateKey privateKey = Certificates.readPrivateKey(key);
                b.keyManager(privateKey, certificates(Files.readAllBytes(t.clientCert())));
            } else {
                b.keyManager(t.clientCert().toFile(), t.clientKey().toFile());
            }
            return b.build();
        } catch (SSLException | IllegalArgumentException | IllegalStateException | CertificateException e) {
            throw new GardenException("cannot load etcd client TLS material (" + t.clientCert() + "): "
                    + e.getMessage(), e);
        } catch (IOException | UncheckedIOException e) {
            throw new GardenException("cannot load etcd client TLS material (" + t.clientCert() + "): " + e, e);
        }
    }

    /**
     * What {@code GrpcSslContexts.forClient()} configures when it picks the JDK's TLS (netty-tcnative is not on the
     * class path): the JDK provider, HTTP/2's cipher suites, ALPN offering {@code h2}. Without its provider search,
     * which probes for netty-tcnative ({@code OpenSsl}'s class initialisation) and checks the JDK's ALPN by
     * initialising a default {@code SSLContext}: 15-25 of about 120 CPU samples of a no-op plan of base etcd lb
     * (JFR, issue 13), once per process.
     */
    static SslContextBuilder forGrpc() {
        return SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, "h2"));
    }

    /** Every certificate of a PEM file (the client's, then any chain), as netty reads a certificate file. */
    private static X509Certificate[] certificates(byte[] pem) throws CertificateException {
        return CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem)).stream()
                .map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
    }
}
