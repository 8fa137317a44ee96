package org.gardenos.cli.command;

import com.google.inject.Module;
import java.util.List;
import org.gardenos.etcd.EtcdModule;
import org.gardenos.inventory.InventoryLoader;
import org.gardenos.k3s.K3sModule;
import org.gardenos.lb.LoadBalancerModule;
import org.gardenos.postgres.PostgresModule;

/**
 * The layer modules the CLI installs beside GardenOS's core module: the same list an embedder passes to
 * {@code GardenOS.builder().addModule(...)}. The base layer comes with the core module itself.
 */
public record LayerModules(List<Module> modules) {
    public LayerModules {
        modules = List.copyOf(modules);
    }

    /**
     * What the shipped CLI installs. The order is the order inventory messages list sections and roles in
     * ({@code etcd, k3s, loadBalancer, postgres}; {@code etcd, server, agent, lb}); layers run in dependency order anyway.
     */
    public static LayerModules shipped() {
        return new LayerModules(List.of(new EtcdModule(), new K3sModule(), new LoadBalancerModule(),
                new PostgresModule()));
    }

    /** The inventory loader for these modules' sections. */
    public InventoryLoader inventoryLoader() {
        return InventoryLoader.forModules(modules);
    }
}
