package org.gardenos.cli;

import com.google.inject.AbstractModule;
import java.util.List;
import org.gardenos.etcd.settings.EtcdSection;
import org.gardenos.inventory.InventoryExtension;
import org.gardenos.inventory.InventorySection;
import org.gardenos.k3s.settings.K3sSection;
import org.gardenos.lb.settings.LoadBalancerSection;
import org.gardenos.postgres.settings.PostgresSection;

/**
 * The shipped layers' inventory sections without their layers: tests that replace the layers with stand-ins still
 * read the shipped inventory format (etcd, k3s, loadBalancer, postgres; roles etcd, server, agent, lb).
 */
final class ShippedSectionsOnly extends AbstractModule implements InventoryExtension {
    @Override
    public List<InventorySection<?>> inventorySections() {
        return List.of(new EtcdSection(), new K3sSection(), new LoadBalancerSection(), new PostgresSection());
    }

    @Override
    protected void configure() {
        // sections only
    }
}
