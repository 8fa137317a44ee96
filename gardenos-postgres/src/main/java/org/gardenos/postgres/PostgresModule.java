package org.gardenos.postgres;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import java.util.List;
import org.gardenos.engine.Layer;
import org.gardenos.inventory.InventoryExtension;
import org.gardenos.inventory.InventorySection;
import org.gardenos.lb.LoadBalancedService;
import org.gardenos.postgres.backup.PostgresBackups;
import org.gardenos.postgres.lb.PostgresLoadBalancedService;
import org.gardenos.postgres.ops.PostgresOperations;
import org.gardenos.postgres.settings.PostgresSection;
import org.gardenos.postgres.status.PostgresStatus;
import org.gardenos.status.LayerStatus;

/**
 * Contributes the {@code postgres} layer and its status ({@code Multibinder<Layer>}, {@code Multibinder<LayerStatus>})
 * the {@code postgres:} inventory section, {@link PostgresOperations}, {@link PostgresBackups}, and the HAProxy route the lb layer renders ({@link LoadBalancedService}). Needs the k3s module ({@code KubernetesClients}, {@code K3sTimeouts})
 * and a binding of {@link org.gardenos.pki.EtcdClientCredentials} (the etcd module).
 */
public final class PostgresModule extends AbstractModule implements InventoryExtension {
    @Override
    public List<InventorySection<?>> inventorySections() {
        return List.of(new PostgresSection());
    }

    @Override
    protected void configure() {
        bind(PostgresStatus.class);
        bind(PostgresOperations.class);
        bind(org.gardenos.postgres.validate.PostgresValidation.class);
        bind(org.gardenos.postgres.doctor.PostgresDoctor.class);
        bind(org.gardenos.postgres.debug.PostgresDebug.class);
        bind(PostgresBackups.class);
        Multibinder.newSetBinder(binder(), Layer.class).addBinding().to(PostgresLayer.class);
        Multibinder.newSetBinder(binder(), LayerStatus.class).addBinding().to(PostgresStatus.class);
        Multibinder.newSetBinder(binder(), LoadBalancedService.class).addBinding().to(PostgresLoadBalancedService.class);
    }
}
