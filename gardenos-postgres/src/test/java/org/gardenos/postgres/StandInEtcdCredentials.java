package org.gardenos.postgres;

import java.util.List;
import org.gardenos.inventory.Inventory;
import org.gardenos.pki.EtcdClientCredentials;
import org.gardenos.state.StateDir;

/**
 * Stand-in for the etcd module's {@link EtcdClientCredentials}: fixed endpoints, and client files that are written
 * into the state dir as recognisable fake PEM text (never a real key). The real one is tested in gardenos-etcd.
 */
public record StandInEtcdCredentials(boolean tls, List<String> endpoints) implements EtcdClientCredentials {
    public static final String FAKE_KEY = "-----BEGIN PRIVATE KEY-----\nSTAND-IN-PATRONI-KEY\n-----END PRIVATE KEY-----\n";

    @Override
    public List<String> endpoints(Inventory inventory) {
        return endpoints;
    }

    @Override
    public boolean tls(Inventory inventory) {
        return tls;
    }

    @Override
    public ClientFiles client(StateDir state, Inventory inventory, String client) {
        String dir = "stand-in-etcd/" + client + "/";
        state.writePublic(dir + "ca.crt", "-----BEGIN CERTIFICATE-----\nSTAND-IN-CA\n-----END CERTIFICATE-----\n".getBytes());
        state.writePublic(dir + "client.crt", "-----BEGIN CERTIFICATE-----\nSTAND-IN-CLIENT\n-----END CERTIFICATE-----\n".getBytes());
        state.writeSecret(dir + "client.key", FAKE_KEY.getBytes());
        return new ClientFiles(state.resolve(dir + "ca.crt"), state.resolve(dir + "client.crt"), state.resolve(dir + "client.key"));
    }
}
