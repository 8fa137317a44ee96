package org.gardenos.etcd;

import java.net.URI;
import java.util.stream.Collectors;
import org.gardenos.etcd.client.EtcdConnection;
import org.gardenos.inventory.Inventory;
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
        return render(EtcdConnection.of(inventory, state));
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
