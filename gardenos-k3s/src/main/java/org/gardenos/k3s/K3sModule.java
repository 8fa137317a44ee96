package org.gardenos.k3s;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import org.gardenos.datastore.EtcdRestoreParticipant;
import java.util.List;
import org.gardenos.engine.Layer;
import org.gardenos.inventory.InventoryExtension;
import org.gardenos.inventory.InventorySection;
import org.gardenos.lb.LoadBalancedBackends;
import org.gardenos.k3s.api.ApiClients;
import org.gardenos.k3s.api.KubernetesClients;
import org.gardenos.status.LayerStatus;
import org.gardenos.k3s.settings.K3sSection;

/**
 * Contributes the {@code k3s} layer and its status ({@code Multibinder<Layer>}, {@code Multibinder<LayerStatus>}), the
 * {@code k3s:} inventory section, {@link K3sAccess} (the admin kubeconfig), {@link K3sTokenRotation}, the rebindable {@link K3sTimeouts} and
 * {@link KubernetesClients} ({@link ApiClients#fromKubeconfig}), and the servers the lb layer balances ({@link LoadBalancedBackends}). Needs the
 * lb module (the API endpoint) and a binding of {@link org.gardenos.pki.EtcdClientCredentials} (the etcd module).
 */
public final class K3sModule extends AbstractModule implements InventoryExtension {
    @Override
    public List<InventorySection<?>> inventorySections() {
        return List.of(new K3sSection());
    }

    @Override
    protected void configure() {
        bind(K3sTimeouts.class).toInstance(K3sTimeouts.defaults());
        bind(KubernetesClients.class).toInstance(ApiClients::fromKubeconfig);
        bind(K3sAccess.class);
        bind(K3sTokenRotation.class);
        bind(K3sLayerStatus.class);
        Multibinder.newSetBinder(binder(), Layer.class).addBinding().to(K3sLayer.class);
        Multibinder.newSetBinder(binder(), LayerStatus.class).addBinding().to(K3sLayerStatus.class);
        // an etcd snapshot restore stops the servers first and starts them one at a time after (issue 9 item 10)
        Multibinder.newSetBinder(binder(), EtcdRestoreParticipant.class).addBinding().to(K3sRestoreParticipant.class);
        bind(LoadBalancedBackends.class).to(K3sApiBackends.class);
    }
}
