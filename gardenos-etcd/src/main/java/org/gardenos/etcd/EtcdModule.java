package org.gardenos.etcd;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import org.gardenos.engine.Layer;

/** Contributes the etcd layer to the set of layers ({@code Multibinder<Layer>}). */
public final class EtcdModule extends AbstractModule {
    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), Layer.class).addBinding().to(EtcdLayer.class);
    }
}
