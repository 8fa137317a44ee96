package org.gardenos.lb;

import java.util.List;
import org.gardenos.inventory.Inventory;

/**
 * What HAProxy spreads the API traffic over. The load balancer does not know which layer runs the API servers: that
 * layer binds this interface in its Guice module (the k3s module binds its servers on {@code k3s.serverApiPort}).
 */
public interface LoadBalancedBackends {
    /**
     * The backends for this inventory, in a stable order.
     *
     * @throws org.gardenos.error.InputException when there is none, or they clash with the load balancer's ports
     */
    List<ApiServerBackend> backends(Inventory inventory);
}
