package org.gardenos.k3s;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import org.gardenos.engine.Layer;
import org.gardenos.k3s.api.ApiClients;
import org.gardenos.k3s.api.KubernetesClients;
import org.gardenos.status.LayerStatus;

/**
 * Contributes the {@code k3s} layer and its status ({@code Multibinder<Layer>}, {@code Multibinder<LayerStatus>},
 * the status also as {@link K3sLayerStatus}), {@link K3sAccess} (the admin kubeconfig), and the collaborators they
 * share, each rebindable: {@link K3sTimeouts} ({@link K3sTimeouts#defaults()}) and {@link KubernetesClients}
 * ({@link ApiClients#fromKubeconfig}).
 */
public final class K3sModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(K3sTimeouts.class).toInstance(K3sTimeouts.defaults());
        bind(KubernetesClients.class).toInstance(ApiClients::fromKubeconfig);
        bind(K3sAccess.class);
        bind(K3sLayerStatus.class);
        Multibinder.newSetBinder(binder(), Layer.class).addBinding().to(K3sLayer.class);
        Multibinder.newSetBinder(binder(), LayerStatus.class).addBinding().to(K3sLayerStatus.class);
    }
}
