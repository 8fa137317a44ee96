package org.gardenos.postgres.cluster;

import java.util.ArrayList;
import java.util.List;
import org.gardenos.engine.Target;
import org.gardenos.inventory.Inventory;
import org.gardenos.k3s.api.PolicyApiVersion;
import org.gardenos.logging.SecretRedactor;
import org.gardenos.pki.EtcdClientCredentials;
import org.gardenos.postgres.api.KubeCalls;
import org.gardenos.postgres.model.ClusterContext;
import org.gardenos.postgres.model.PatroniCluster;
import org.gardenos.postgres.model.PatroniClusterFactory;
import org.gardenos.postgres.render.PodDisruptionBudgets;
import org.gardenos.postgres.render.PostgresManifests;
import org.gardenos.postgres.settings.PostgresSettings;

/**
 * Renders the layer's objects for one run: the model from the inventory and the etcd members, the Secrets from the
 * state directory's kept values ({@link StateSecretValues}), and the PodDisruptionBudget in the version the k3s
 * module's {@link PolicyApiVersion} discovers.
 */
public final class PostgresObjects implements PostgresClusterResource.Objects {
    private final EtcdClientCredentials etcd;
    private final SecretRedactor redactor;

    public PostgresObjects(EtcdClientCredentials etcd, SecretRedactor redactor) {
        this.etcd = etcd;
        this.redactor = redactor;
    }

    @Override
    public List<DesiredObject> desired(Target target, KubeCalls calls) {
        Inventory inventory = target.inventory();
        PatroniCluster cluster = cluster(inventory, etcd);
        PostgresManifests.Rendered rendered = PostgresManifests.render(cluster,
                new StateSecretValues(target.state(), inventory, etcd, redactor));
        List<DesiredObject> objects = new ArrayList<>(rendered.manifests().stream().map(DesiredObject::of).toList());
        String policy = PolicyApiVersion.discover(calls.client()).apiVersion();
        objects.add(DesiredObject.of("PodDisruptionBudget " + cluster.namespace() + "/" + cluster.scope() + " ("
                        + policy + ")", "/apis/" + policy + "/namespaces/" + cluster.namespace()
                        + "/poddisruptionbudgets/" + cluster.scope(), PodDisruptionBudgets.render(cluster, policy)));
        return objects;
    }

    public static PatroniCluster cluster(Inventory inventory, EtcdClientCredentials etcd) {
        return PatroniClusterFactory.build(inventory.section(PostgresSettings.class), ClusterContext.of(inventory, etcd));
    }
}
