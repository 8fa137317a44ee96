package org.gardenos.lb;

import org.gardenos.inventory.Inventory;

/**
 * A service besides the Kubernetes API that HAProxy on the lb hosts forwards (e.g. the postgres layer's primary and
 * replica ports). The lb module does not know these layers: each contributes one through
 * {@code Multibinder.newSetBinder(binder(), LoadBalancedService.class).addBinding()}, and the lb layer appends what
 * they render to its haproxy.cfg, which HAProxy checks on the host before it replaces the old file.
 */
public interface LoadBalancedService {
    /**
     * Complete haproxy.cfg sections ({@code listen ...}) for this inventory, bound on {@code bindAddress}; "" when the
     * service is not configured. Must not contain secrets (the file is 0640) and must not reuse the lb's section names.
     */
    String haproxySections(Inventory inventory, String bindAddress);
}
