package org.gardenos.pki;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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

    /**
     * The etcd user {@code client} logs in as by password, empty when its client certificate alone identifies it.
     * etcd 3.4 refuses every request on its v3 JSON gateway whose client certificate has a CommonName once auth is
     * on, so a gateway client (Patroni) gets a certificate without one and authenticates by user and password.
     */
    default Optional<String> loginUser(Inventory inventory, String client) {
        return Optional.empty();
    }

    /**
     * The user name and password of {@code client} when it logs in by password ({@link #loginUser}), read from the
     * state dir. Never makes a password (a plan never makes a secret on disk): the etcd layer's apply generates it
     * and sets it in etcd; a missing one is a {@code GardenException} with that hint.
     */
    default Optional<ClientLogin> login(StateDir state, Inventory inventory, String client) {
        return Optional.empty();
    }

    /** A user name and password for etcd; {@link #toString()} never shows the password. */
    record ClientLogin(String username, String password) {
        @Override
        public String toString() {
            return "ClientLogin[username=" + username + ", password redacted]";
        }
    }

    /** Files in the state dir: read them, never log the key. */
    record ClientFiles(Path caCert, Path cert, Path key) {
    }
}
