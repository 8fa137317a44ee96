package org.gardenos.etcd;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import org.gardenos.engine.Layer;
import org.gardenos.status.LayerStatus;

/** Contributes the etcd layer ({@code Multibinder<Layer>}) and its status ({@code Multibinder<LayerStatus>}). */
public final class EtcdModule extends AbstractModule {
    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), Layer.class).addBinding().to(EtcdLayer.class);
        Multibinder.newSetBinder(binder(), LayerStatus.class).addBinding().to(EtcdStatus.class);
    }
}
