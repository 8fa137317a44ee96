package org.gardenos.etcd;

import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;
import org.gardenos.etcd.client.EtcdConnection;
import org.gardenos.etcd.pki.EtcdPki;
import org.gardenos.inventory.Inventory;
import org.gardenos.inventory.Role;
import org.gardenos.state.StateDir;

/**
 * Shell exports that point {@code etcdctl} at the cluster with GardenOS's client certificate from the state dir:
 * {@code eval "$(gardenos etcd env)"; etcdctl endpoint health}. Only paths are exported, never key material.
 */
public final class EtcdEnv {
    private EtcdEnv() {
    }

    /** For the inventory's etcd hosts, with the PKI of {@code state} when TLS is on. */
    public static String render(Inventory inventory, StateDir state) {
        String scheme = inventory.etcd().tls() ? "https" : "http";
        List<URI> endpoints = inventory.hostsWith(Role.ETCD).stream()
                .map(h -> URI.create(scheme + "://" + h.address() + ":" + inventory.etcd().clientPort())).toList();
        if (!inventory.etcd().tls()) {
            return render(EtcdConnection.plain(endpoints));
        }
        EtcdPki pki = EtcdPki.ensure(state, List.of());
        return render(EtcdConnection.tls(endpoints, EtcdConnection.ClientTls.gardenos(pki)));
    }

    public static String render(EtcdConnection connection) {
        StringBuilder sb = new StringBuilder();
        sb.append("export ETCDCTL_API=3\n");
        sb.append("export ETCDCTL_ENDPOINTS=").append(quote(connection.endpoints().stream().map(URI::toString)
                .collect(Collectors.joining(",")))).append('\n');
        connection.tls().ifPresent(t -> {
            sb.append("export ETCDCTL_CACERT=").append(quote(t.caCert().toString())).append('\n');
            sb.append("export ETCDCTL_CERT=").append(quote(t.clientCert().toString())).append('\n');
            sb.append("export ETCDCTL_KEY=").append(quote(t.clientKey().toString())).append('\n');
        });
        return sb.toString();
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }
}
