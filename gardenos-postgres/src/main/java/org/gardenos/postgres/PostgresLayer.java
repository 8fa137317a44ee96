package org.gardenos.postgres;

import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.gardenos.engine.Layer;
import org.gardenos.engine.Play;
import org.gardenos.engine.Target;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.k3s.K3sTimeouts;
import org.gardenos.k3s.KubeconfigFetcher;
import org.gardenos.k3s.api.KubernetesClients;
import org.gardenos.k3s.settings.K3sSection;
import org.gardenos.logging.SecretRedactor;
import org.gardenos.pki.EtcdClientCredentials;
import org.gardenos.postgres.api.KubeCalls;
import org.gardenos.postgres.cluster.PostgresClusterResource;
import org.gardenos.postgres.cluster.PostgresObjects;
import org.gardenos.postgres.roles.AppRolesResource;
import org.gardenos.postgres.settings.PostgresSettings;
import org.gardenos.postgres.validate.PsqlClient;

/**
 * The {@code postgres} layer: Patroni/PostgreSQL as a StatefulSet in K3s, on the cluster's etcd. One play,
 * {@code postgres-cluster}, run like the k3s layer's API phase: from the admin machine with the state directory's
 * kubeconfig, "on" the first K3s server only so the recap has a host to name. Nothing at all without a
 * {@code postgres:} key in the inventory.
 */
public final class PostgresLayer implements Layer {
    public static final String NAME = "postgres";

    private final Function<Target, KubeCalls> calls;
    private final EtcdClientCredentials etcd;
    private final K3sTimeouts timeouts;
    private final PsqlClient psql = PsqlClient.onPath();

    @Inject
    public PostgresLayer(KubernetesClients clients, K3sTimeouts timeouts, EtcdClientCredentials etcd) {
        this(timeouts, etcd, (Target t) -> new KubeCalls(clients.fromKubeconfig(
                t.state().resolve(KubeconfigFetcher.STATE_FILE))));
    }

    /** With other API calls (a test's stand-in API server). */
    public PostgresLayer(K3sTimeouts timeouts, EtcdClientCredentials etcd, Function<Target, KubeCalls> calls) {
        this.calls = calls;
        this.timeouts = timeouts;
        this.etcd = etcd;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> dependsOn() {
        return Set.of("k3s");
    }

    @Override
    public List<Play> plays(Inventory inventory) {
        List<HostSpec> servers = inventory.hostsWith(K3sSection.SERVER);
        if (!inventory.section(PostgresSettings.class).present() || servers.isEmpty()) {
            return List.of();
        }
        PostgresObjects.cluster(inventory, etcd); // input errors stop the run before any work
        return List.of(new Play("postgres-cluster", List.of(servers.get(0)), h -> List.of(new PostgresClusterResource(
                calls, new PostgresObjects(etcd, SecretRedactor.global()), timeouts.ready(), timeouts.pollInterval()),
                new AppRolesResource(etcd, psql)), Play.Strategy.ONE_AT_A_TIME));
    }
}
