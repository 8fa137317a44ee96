package org.gardenos.lb;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import java.util.List;
import org.gardenos.engine.Layer;
import org.gardenos.inventory.InventoryExtension;
import org.gardenos.inventory.InventorySection;
import org.gardenos.status.LayerStatus;
import org.gardenos.lb.settings.LoadBalancerSection;

/**
 * Contributes the {@code lb} layer and its status ({@code Multibinder<Layer>}, {@code Multibinder<LayerStatus>}) and
 * the {@code loadBalancer:} inventory section. The layer that runs the API servers binds {@link LoadBalancedBackends};
 * other layers add {@link LoadBalancedService}s to a multibinder (empty by default).
 */
public final class LoadBalancerModule extends AbstractModule implements InventoryExtension {
    @Override
    public List<InventorySection<?>> inventorySections() {
        return List.of(new LoadBalancerSection());
    }

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), Layer.class).addBinding().to(LoadBalancerLayer.class);
        Multibinder.newSetBinder(binder(), LayerStatus.class).addBinding().to(LoadBalancerLayerStatus.class);
        Multibinder.newSetBinder(binder(), LoadBalancedService.class);
    }
}
