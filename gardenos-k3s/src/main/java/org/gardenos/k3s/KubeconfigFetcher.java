package org.gardenos.k3s;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.gardenos.error.GardenException;
import org.gardenos.inventory.Inventory;
import org.gardenos.remote.RemoteHost;
import org.gardenos.state.StateDir;

/**
 * Fetches the admin kubeconfig from the first server, points it at the load balancer and keeps it 0600 in the
 * state directory ({@value #STATE_FILE}).
 */
public final class KubeconfigFetcher {
    public static final String STATE_FILE = "kubeconfig";

    private KubeconfigFetcher() {
    }

    public static Path fetch(RemoteHost firstServer, Inventory inventory, StateDir state) {
        byte[] raw = firstServer.read(K3sPaths.KUBECONFIG).orElseThrow(() -> new GardenException(firstServer.name()
                + ": " + K3sPaths.KUBECONFIG + " does not exist; K3s has not started on this server yet"));
        String rewritten = Kubeconfig.rewrite(new String(raw, StandardCharsets.UTF_8), inventory.cluster(),
                ApiEndpoint.of(inventory), firstServer.name() + ":" + K3sPaths.KUBECONFIG);
        return state.writeSecret(STATE_FILE, rewritten.getBytes(StandardCharsets.UTF_8));
    }
}
