package org.gardenos.cli.command;

import com.google.inject.Module;
import java.util.List;
import org.gardenos.base.BaseLayer;
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

    /**
     * The modules a plan, apply or status of {@code layers} needs: none when every layer named is base (the core
     * module's own layer), so {@code status base} or a no-op {@code apply base} does not build every layer module's
     * bindings and objects (docs/performance.md, "Every command's floor"). Otherwise all of them: no names means every
     * layer, and layers bind into each other (the lb layer renders the K3s servers and the route the postgres module
     * adds), so a subset could change what a layer does. The inventory is still loaded with every module's section.
     */
    public LayerModules forLayers(List<String> layers) {
        boolean baseOnly = !layers.isEmpty() && layers.stream().allMatch(BaseLayer.NAME::equals);
        return baseOnly ? new LayerModules(List.of()) : this;
    }

    /** The inventory loader for these modules' sections. */
    public InventoryLoader inventoryLoader() {
        return InventoryLoader.forModules(modules);
    }
}
