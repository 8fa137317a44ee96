package org.gardenos.k3s;

import jakarta.inject.Inject;
import java.util.List;
import org.gardenos.datastore.EtcdRestoreParticipant;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.k3s.settings.K3sSection;
import org.gardenos.remote.RemoteHostConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The K3s servers during an etcd snapshot restore (issue 9 item 10): every server's K3s is stopped before etcd is
 * touched (a running kube-apiserver would keep writing, and its watch caches would hold revisions the restored etcd
 * does not have), and started one server at a time afterwards ({@code systemctl start} returns once K3s reported
 * ready). Agents keep running: they reconnect to the servers through the load balancer.
 */
public final class K3sRestoreParticipant implements EtcdRestoreParticipant {
    private static final Logger LOG = LoggerFactory.getLogger(K3sRestoreParticipant.class);

    @Inject
    public K3sRestoreParticipant() {
    }

    @Override
    public String name() {
        return "k3s servers";
    }

    @Override
    public void stopAll(Inventory inventory, RemoteHostConnector connector) {
        for (HostSpec h : servers(inventory)) {
            LOG.info("etcd restore: stopping {} on {}", K3sPaths.UNIT_NAME, h.name());
            connector.connect(h).exec("systemctl stop " + K3sPaths.UNIT_NAME).requireOk();
        }
    }

    @Override
    public void startOneAtATime(Inventory inventory, RemoteHostConnector connector) {
        for (HostSpec h : servers(inventory)) {
            LOG.info("etcd restore: starting {} on {}", K3sPaths.UNIT_NAME, h.name());
            connector.connect(h).exec("systemctl start " + K3sPaths.UNIT_NAME).requireOk();
        }
    }

    private static List<HostSpec> servers(Inventory inventory) {
        return inventory.hostsWith(K3sSection.SERVER);
    }
}
