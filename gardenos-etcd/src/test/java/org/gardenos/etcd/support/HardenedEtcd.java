package org.gardenos.etcd.support;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.gardenos.etcd.access.EtcdAccessClient;
import org.gardenos.etcd.client.EtcdConnection;
import org.gardenos.etcd.pki.EtcdPki;
import org.gardenos.state.StateDir;
import org.gardenos.testkit.etcd.EtcdPrerequisites;
import org.gardenos.testkit.etcd.LocalEtcdCluster;

/**
 * A real etcd hardened the way {@code apply etcd} hardens it: TLS with client-certificate authentication and
 * certificates from the production {@link EtcdPki}, then the production {@link EtcdAccessClient} converging users,
 * roles, the {@code patroni} password (kept in the state dir) and {@code auth enable}. Shared with the postgres
 * module's tests through this module's test-jar.
 */
public final class HardenedEtcd implements AutoCloseable {
    private final LocalEtcdCluster cluster;
    private final EtcdPki pki;

    private HardenedEtcd(LocalEtcdCluster cluster, EtcdPki pki) {
        this.cluster = cluster;
        this.pki = pki;
    }

    /** Debian's etcd (skips, or fails under CI, without it): {@code members} TLS members on loopback, hardened. */
    public static HardenedEtcd start(StateDir state, int members) {
        EtcdPrerequisites.requireEtcd();
        PkiTlsFiles files = new PkiTlsFiles(state);
        LocalEtcdCluster cluster = LocalEtcdCluster.builder().members(members).tls(files).build().start();
        try {
            HardenedEtcd etcd = new HardenedEtcd(cluster, files.pki());
            harden(cluster.endpoints(), etcd.pki);
            return etcd;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Applies the access policy to a running TLS etcd at {@code endpoints} whose certificates come from {@code pki}. */
    public static void harden(List<URI> endpoints, EtcdPki pki) {
        EtcdAccessClient.with(connection(endpoints, pki, "gardenos"), pki, c -> {
            c.apply(c.pending());
            return null;
        });
    }

    /** A jetcd connection with {@code client}'s certificate. */
    public static EtcdConnection connection(List<URI> endpoints, EtcdPki pki, String client) {
        EtcdPki.CertFiles c = pki.client(client);
        return new EtcdConnection(endpoints, Optional.of(new EtcdConnection.ClientTls(pki.caCert(), c.cert(),
                c.key())), Duration.ofSeconds(5));
    }

    public EtcdConnection connection(String client) {
        return connection(cluster.endpoints(), pki, client);
    }

    public List<URI> endpoints() {
        return cluster.endpoints();
    }

    public EtcdPki pki() {
        return pki;
    }

    public LocalEtcdCluster cluster() {
        return cluster;
    }

    @Override
    public void close() {
        cluster.close();
    }
}
