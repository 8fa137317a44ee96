package org.gardenos.etcd.client;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.netty.handler.ssl.SslContext;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.gardenos.etcd.pki.EtcdPki;
import org.gardenos.inventory.Inventory;
import org.gardenos.state.StateDir;
import org.gardenos.etcd.settings.EtcdSettings;
import org.gardenos.etcd.settings.EtcdSection;

/**
 * How GardenOS reaches an etcd cluster: endpoints with their scheme ({@code https://10.0.0.11:2379}; jetcd needs
 * the scheme) and, for TLS, the CA plus the client certificate and key. TLS is configured through
 * {@link ClientBuilder#sslContext}, never through the URL alone.
 */
public record EtcdConnection(List<URI> endpoints, Optional<ClientTls> tls, Duration timeout) {
    public EtcdConnection {
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("no etcd endpoints");
        }
    }

    /** CA to trust and the client identity to present. */
    public record ClientTls(Path caCert, Path clientCert, Path clientKey) {
        /** GardenOS's own client identity from the state dir's PKI. */
        public static ClientTls gardenos(EtcdPki pki) {
            EtcdPki.CertFiles c = pki.client("gardenos");
            return new ClientTls(pki.caCert(), c.cert(), c.key());
        }
    }

    /**
     * GardenOS's own connection to the inventory's etcd hosts: {@code https://ADDRESS:clientPort} with the
     * {@code gardenos} client certificate from the state dir's PKI (plain {@code http://} when {@code etcd.tls} is
     * false).
     */
    public static EtcdConnection of(Inventory inventory, StateDir state) {
        return of(inventory, () -> EtcdPki.ensure(state, List.of()));
    }

    /**
     * Like {@link #of} with the state dir's PKI files as they are ({@link EtcdPki#asIs}): issues nothing and parses
     * no CA key; for {@code status}, which changes nothing.
     */
    public static EtcdConnection asIs(Inventory inventory, StateDir state) {
        return of(inventory, () -> EtcdPki.asIs(state));
    }

    private static EtcdConnection of(Inventory inventory, java.util.function.Supplier<EtcdPki> pki) {
        EtcdSettings s = inventory.section(EtcdSettings.class);
        List<URI> endpoints = inventory.hostsWith(EtcdSection.ROLE).stream()
                .map(h -> URI.create((s.tls() ? "https" : "http") + "://" + h.address() + ":" + s.clientPort()))
                .toList();
        if (!s.tls()) {
            return plain(endpoints);
        }
        return tls(endpoints, ClientTls.gardenos(pki.get()));
    }

    public static EtcdConnection plain(List<URI> endpoints) {
        return new EtcdConnection(endpoints, Optional.empty(), Duration.ofSeconds(2));
    }

    public static EtcdConnection tls(List<URI> endpoints, ClientTls tls) {
        return new EtcdConnection(endpoints, Optional.of(tls), Duration.ofSeconds(2));
    }

    public EtcdConnection withTimeout(Duration t) {
        return new EtcdConnection(endpoints, tls, t);
    }

    /** The same connection settings restricted to one member's endpoint (requests then go to that member). */
    public EtcdConnection only(URI endpoint) {
        return new EtcdConnection(List.of(endpoint), tls, timeout);
    }

    /** A jetcd client over every endpoint; the caller closes it. */
    public Client open() {
        return open(tls.map(EtcdConnection::sslContext));
    }

    /** As {@link #open()} with the TLS context given (a run's shared one, see {@link EtcdClients}). */
    Client open(Optional<SslContext> ssl) {
        ClientBuilder b = Client.builder()
                .endpoints(endpoints.toArray(URI[]::new))
                .connectTimeout(timeout)
                .retryMaxDuration(timeout)
                .waitForReady(false)
                .interceptor(new CallDeadline(timeout));
        ssl.ifPresent(b::sslContext);
        return b.build();
    }

    /**
     * A client whose per-member calls ({@code statusMember}, {@code defragmentMember}) are waited for before it
     * closes, so jetcd can shut their channels down (see {@link SettlingClient}); the caller closes it.
     */
    public SettlingClient openSettling() {
        return new SettlingClient(open(), timeout);
    }

    static SslContext sslContext(ClientTls t) {
        return ClientTlsContext.build(t);
    }
}
