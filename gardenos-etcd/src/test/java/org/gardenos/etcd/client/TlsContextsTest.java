package org.gardenos.etcd.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcd.jetcd.Client;
import io.netty.handler.ssl.SslContext;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.gardenos.error.GardenException;
import org.gardenos.etcd.client.EtcdConnection.ClientTls;
import org.gardenos.etcd.pki.EtcdPki;
import org.gardenos.state.StateDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: the etcd checks of one apply share one TLS context instead of building one each (the largest SHA-256
 * caller of a no-op apply's profile), and a rotated certificate still gets a context of its own.
 */
class TlsContextsTest {
    private static final List<URI> ENDPOINTS = List.of(URI.create("https://127.0.0.1:1"));

    @TempDir
    Path dir;

    @Test
    void everyCheckOfARunSharesOneContext() {
        StateDir state = StateDir.open(dir.resolve("state"));
        ClientTls tls = ClientTls.gardenos(EtcdPki.ensure(state, List.of()));
        EtcdConnection connection = EtcdConnection.tls(ENDPOINTS, tls);
        int before = TlsContexts.built();
        Set<SslContext> contexts = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int check = 0; check < 5; check++) {
            // what each etcd check does: its own client (closed) or member channels, from an equal connection
            try (Client c = EtcdConnection.tls(ENDPOINTS, tls).open(); MemberChannels m = MemberChannels.open(
                    connection.only(ENDPOINTS.get(0)))) {
                assertThat(c).isNotNull();
                assertThat(m.channel(ENDPOINTS.get(0))).isNotNull();
            }
            contexts.add(EtcdConnection.sslContext(tls));
        }
        assertThat(contexts).hasSize(1);
        assertThat(TlsContexts.built() - before).isEqualTo(1);
    }

    @Test
    void aRotatedClientCertificateGetsANewContext() {
        StateDir state = StateDir.open(dir.resolve("state"));
        ClientTls tls = ClientTls.gardenos(EtcdPki.ensure(state, List.of()));
        SslContext first = EtcdConnection.sslContext(tls);
        int before = TlsContexts.built();

        EtcdPki.reissueLeaves(state, List.of());

        SslContext rotated = EtcdConnection.sslContext(tls);
        assertThat(rotated).isNotSameAs(first);
        assertThat(EtcdConnection.sslContext(tls)).isSameAs(rotated);
        assertThat(TlsContexts.built() - before).isEqualTo(1);
    }

    @Test
    void unreadableFilesAreReportedAsBeforeAndNotCached() throws Exception {
        StateDir state = StateDir.open(dir.resolve("state"));
        ClientTls good = ClientTls.gardenos(EtcdPki.ensure(state, List.of()));
        ClientTls missing = new ClientTls(good.caCert(), good.clientCert(), dir.resolve("no-such.key"));
        assertThatThrownBy(() -> EtcdConnection.sslContext(missing))
                .isInstanceOf(GardenException.class)
                .hasMessageStartingWith("cannot load etcd client TLS material (" + good.clientCert() + "): ");
        Files.copy(good.clientKey(), missing.clientKey());
        assertThat(EtcdConnection.sslContext(missing)).isNotNull();
    }
}
