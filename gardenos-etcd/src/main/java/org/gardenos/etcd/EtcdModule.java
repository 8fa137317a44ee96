package org.gardenos.etcd;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import org.gardenos.engine.Layer;
import org.gardenos.status.LayerStatus;

/**
 * Contributes the etcd layer ({@code Multibinder<Layer>}), its status ({@code Multibinder<LayerStatus>}, also
 * reachable as {@link EtcdStatus}), the day-2 {@link EtcdOperations} and the {@link EtcdTimeouts} both use
 * ({@link EtcdTimeouts#defaults()}; rebind with {@code Modules.override}).
 */
public final class EtcdModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(EtcdTimeouts.class).toInstance(EtcdTimeouts.defaults());
        bind(EtcdOperations.class);
        bind(EtcdStatus.class);
        Multibinder.newSetBinder(binder(), Layer.class).addBinding().to(EtcdLayer.class);
        Multibinder.newSetBinder(binder(), LayerStatus.class).addBinding().to(EtcdStatus.class);
    }
}
