package org.gardenos.pki;

import java.nio.file.Path;
import java.util.List;
import org.gardenos.inventory.Inventory;
import org.gardenos.state.StateDir;

/**
 * How a layer that stores its data in the cluster's etcd (k3s, patroni) reaches it without depending on the etcd
 * module: the etcd module binds the implementation; a layer injects this interface.
 */
public interface EtcdClientCredentials {
    /** The client URLs of every etcd member, in inventory order (https when {@link #tls}); empty without etcd hosts. */
    List<String> endpoints(Inventory inventory);

    /** Whether clients must use TLS with a client certificate. */
    boolean tls(Inventory inventory);

    /**
     * The CA certificate and the named client's certificate and key ({@code k3s}, {@code patroni}), made in the state
     * dir when missing (keys 0600). Only meaningful when {@link #tls} is true.
     */
    ClientFiles client(StateDir state, Inventory inventory, String client);

    /**
     * Whether {@link #client} would only read: the CA and {@code client}'s certificate and key are kept in the state
     * dir. A layer's plan asks this first and reports "would issue" instead of calling {@link #client}, which issues
     * what is missing (a plan never makes a secret on disk). The default suits credentials that are always there.
     */
    default boolean issued(StateDir state, Inventory inventory, String client) {
        return true;
    }

    /** Files in the state dir: read them, never log the key. */
    record ClientFiles(Path caCert, Path cert, Path key) {
    }
}
