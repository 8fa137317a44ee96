package org.gardenos.etcd;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import java.util.List;
import org.gardenos.datastore.EtcdRestoreParticipant;
import org.gardenos.engine.Layer;
import org.gardenos.inventory.InventoryExtension;
import org.gardenos.inventory.InventorySection;
import org.gardenos.pki.EtcdClientCredentials;
import org.gardenos.status.LayerStatus;
import org.gardenos.etcd.settings.EtcdSection;

/**
 * Contributes the etcd layer ({@code Multibinder<Layer>}), its status ({@code Multibinder<LayerStatus>}), the
 * {@code etcd:} inventory section, the day-2 {@link EtcdOperations} and the {@link EtcdTimeouts} they use (rebind with
 * {@code GardenOS.Builder.overrideWith}), and the etcd client credentials other layers ask for
 * ({@link org.gardenos.pki.EtcdClientCredentials}).
 */
public final class EtcdModule extends AbstractModule implements InventoryExtension {
    @Override
    public List<InventorySection<?>> inventorySections() {
        return List.of(new EtcdSection());
    }

    @Override
    protected void configure() {
        bind(EtcdTimeouts.class).toInstance(EtcdTimeouts.defaults());
        bind(EtcdOperations.class);
        bind(EtcdStatus.class);
        Multibinder.newSetBinder(binder(), Layer.class).addBinding().to(EtcdLayer.class);
        Multibinder.newSetBinder(binder(), LayerStatus.class).addBinding().to(EtcdStatus.class);
        bind(EtcdClientCredentials.class).to(EtcdClientCredentialsFromPki.class);
        // declared here so the set exists (empty) when no layer stops services around a restore
        Multibinder.newSetBinder(binder(), EtcdRestoreParticipant.class);
    }
}
