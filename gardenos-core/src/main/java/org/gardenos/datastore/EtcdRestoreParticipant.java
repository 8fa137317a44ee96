package org.gardenos.datastore;

import org.gardenos.inventory.Inventory;
import org.gardenos.remote.RemoteHostConnector;

/**
 * A layer whose services keep state in the cluster's etcd and must not run while etcd is restored from a snapshot
 * (K3s servers: the Kubernetes etcd restore guidance stops every API server first, then starts them one at a
 * time). The etcd module collects them from a {@code Multibinder<EtcdRestoreParticipant>} (empty when no layer
 * binds one) and calls {@link #stopAll} before it stops the first etcd member, {@link #startOneAtATime} once the
 * restored cluster is healthy. The etcd module knows nothing else of the layer.
 */
public interface EtcdRestoreParticipant {
    /** Short name for logs and messages, e.g. {@code k3s servers}. */
    String name();

    /** Stops every service of the layer that talks to etcd, on every host of the inventory that runs one. */
    void stopAll(Inventory inventory, RemoteHostConnector connector);

    /** Starts them again one host at a time, each running before the next starts. */
    void startOneAtATime(Inventory inventory, RemoteHostConnector connector);
}
