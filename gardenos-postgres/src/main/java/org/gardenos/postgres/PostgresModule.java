package org.gardenos.postgres;

import com.google.inject.AbstractModule;
import java.util.List;
import org.gardenos.inventory.InventoryExtension;
import org.gardenos.inventory.InventorySection;
import org.gardenos.postgres.settings.PostgresSection;

/**
 * Contributes the {@code postgres:} inventory section. Needs the k3s module (the Kubernetes API) and a binding of
 * {@link org.gardenos.pki.EtcdClientCredentials} (the etcd module).
 */
public final class PostgresModule extends AbstractModule implements InventoryExtension {
    @Override
    public List<InventorySection<?>> inventorySections() {
        return List.of(new PostgresSection());
    }

    @Override
    protected void configure() {
    }
}
