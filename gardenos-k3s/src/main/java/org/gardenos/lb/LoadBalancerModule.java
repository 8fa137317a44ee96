package org.gardenos.lb;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import org.gardenos.engine.Layer;
import org.gardenos.status.LayerStatus;

/** Contributes the {@code lb} layer and its status ({@code Multibinder<Layer>}, {@code Multibinder<LayerStatus>}). */
public final class LoadBalancerModule extends AbstractModule {
    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), Layer.class).addBinding().to(LoadBalancerLayer.class);
        Multibinder.newSetBinder(binder(), LayerStatus.class).addBinding().to(LoadBalancerLayerStatus.class);
    }
}
