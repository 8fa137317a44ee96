package org.gardenos.lb;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import org.gardenos.engine.Layer;

/** Contributes the {@code lb} layer to the set of layers ({@code Multibinder<Layer>}). */
public final class LoadBalancerModule extends AbstractModule {
    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), Layer.class).addBinding().to(LoadBalancerLayer.class);
    }
}
