package org.gardenos.etcd.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.gardenos.error.GardenException;
import org.gardenos.etcd.pki.EtcdPki;
import org.gardenos.pki.Certificates;
import org.gardenos.state.StateDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client TLS context from the state dir's PKI (a real handshake: {@code EtcdPkiTlsTest}); that it loads no
 * BouncyCastle provider is counted by the CLI's {@code LauncherIT} in a fresh JVM.
 */
class ClientTlsContextTest {
    @TempDir
    Path dir;

    @Test
    void buildsAClientContextFromThePkisPkcs8Key() throws Exception {
        EtcdConnection.ClientTls tls = EtcdConnection.ClientTls.gardenos(EtcdPki.ensure(StateDir.open(dir), List.of()));

        assertThat(Files.readString(tls.clientKey())).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(ClientTlsContext.build(tls).isClient()).isTrue();
    }

    /** What gRPC's own GrpcSslContexts.forClient() gives with the JDK's TLS, without its provider probing. */
    @Test
    void configuresWhatGrpcConfiguresForTheJdkProvider() throws Exception {
        EtcdConnection.ClientTls tls = EtcdConnection.ClientTls.gardenos(EtcdPki.ensure(StateDir.open(dir), List.of()));
        io.netty.handler.ssl.SslContext ours = ClientTlsContext.build(tls);
        io.netty.handler.ssl.SslContext grpcs = io.grpc.netty.GrpcSslContexts.forClient()
                .trustManager(tls.caCert().toFile()).build();

        assertThat(ours).isInstanceOf(io.netty.handler.ssl.JdkSslContext.class);
        assertThat(grpcs).isInstanceOf(io.netty.handler.ssl.JdkSslContext.class);
        assertThat(ours.applicationProtocolNegotiator().protocols()).containsExactly("h2")
                .isEqualTo(grpcs.applicationProtocolNegotiator().protocols());
        assertThat(ours.cipherSuites()).isEqualTo(grpcs.cipherSuites());
        assertThat(((io.netty.handler.ssl.JdkSslContext) ours).context().getProvider())
                .isEqualTo(((io.netty.handler.ssl.JdkSslContext) grpcs).context().getProvider());
    }

    @Test
    void aKeyInAnotherPemFormatGoesToNettyAsBefore() throws Exception {
        EtcdConnection.ClientTls tls = EtcdConnection.ClientTls.gardenos(EtcdPki.ensure(StateDir.open(dir), List.of()));
        StringWriter sec1 = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sec1)) {
            w.writeObject(Certificates.readPrivateKey(Files.readAllBytes(tls.clientKey())));
        }
        Path key = Files.writeString(dir.resolve("sec1.key"), sec1.toString());

        assertThat(sec1.toString()).startsWith("-----BEGIN EC PRIVATE KEY-----");
        // netty's own file reading (and its message), as for every key before: it does not take this format either
        EtcdConnection.ClientTls other = new EtcdConnection.ClientTls(tls.caCert(), tls.clientCert(), key);
        assertThatThrownBy(() -> ClientTlsContext.build(other))
                .isInstanceOf(GardenException.class).hasMessageContaining("File does not contain valid private key");
    }

    @Test
    void anUnreadableKeyIsOneErrorNamingTheCertificate() throws Exception {
        EtcdConnection.ClientTls tls = EtcdConnection.ClientTls.gardenos(EtcdPki.ensure(StateDir.open(dir), List.of()));
        Path key = Files.writeString(dir.resolve("bad.key"),
                "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");

        EtcdConnection.ClientTls other = new EtcdConnection.ClientTls(tls.caCert(), tls.clientCert(), key);
        assertThatThrownBy(() -> ClientTlsContext.build(other))
                .isInstanceOf(GardenException.class)
                .hasMessageStartingWith("cannot load etcd client TLS material (" + tls.clientCert() + "): ");
    }
}
