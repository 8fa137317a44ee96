package org.gardenos.k3s;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import org.gardenos.engine.Layer;
import org.gardenos.status.LayerStatus;

/** Contributes the {@code k3s} layer and its status ({@code Multibinder<Layer>}, {@code Multibinder<LayerStatus>}). */
public final class K3sModule extends AbstractModule {
    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), Layer.class).addBinding().to(K3sLayer.class);
        Multibinder.newSetBinder(binder(), LayerStatus.class).addBinding().to(K3sLayerStatus.class);
    }
}
