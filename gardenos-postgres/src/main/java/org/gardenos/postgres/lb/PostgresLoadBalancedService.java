package org.gardenos.postgres.lb;

import jakarta.inject.Inject;
import org.gardenos.inventory.Inventory;
import org.gardenos.lb.LoadBalancedService;
import org.gardenos.pki.EtcdClientCredentials;
import org.gardenos.postgres.model.ClusterContext;
import org.gardenos.postgres.settings.PostgresSettings;

/**
 * The postgres route as the lb layer's {@link LoadBalancedService}: the two {@code listen} sections of
 * {@link PostgresHaproxyFragment} when the inventory has a {@code postgres:} key, nothing otherwise.
 */
public final class PostgresLoadBalancedService implements LoadBalancedService {
    private final EtcdClientCredentials etcd;

    @Inject
    public PostgresLoadBalancedService(EtcdClientCredentials etcd) {
        this.etcd = etcd;
    }

    @Override
    public String haproxySections(Inventory inventory, String bindAddress) {
        PostgresSettings pg = inventory.section(PostgresSettings.class);
        if (!pg.present()) {
            return "";
        }
        return PostgresHaproxyFragment.render(PostgresRoute.of(pg, ClusterContext.of(inventory, etcd)), bindAddress);
    }
}
