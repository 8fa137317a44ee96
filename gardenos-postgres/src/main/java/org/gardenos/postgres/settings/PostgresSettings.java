package org.gardenos.postgres.settings;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gardenos.k3s.settings.K3sSettings;

/**
 * The {@code postgres:} section of the inventory, defaults applied. Immutable. Secrets are not settings: passwords
 * are generated and kept in the state directory, so nothing here is sensitive.
 *
 * @param namespace        Kubernetes namespace of every object of the layer
 * @param scope            Patroni's cluster name (its etcd keys live under {@code /service/SCOPE/}); also the name of
 *                         the StatefulSet, so the members are {@code SCOPE-0 .. SCOPE-(replicas-1)}
 * @param allowedNetworks  networks admitted by pg_hba, always over SSL
 * @param nodes            where the Kubernetes nodes' NodePorts are reached (HAProxy's backends, the layer's own
 *                         psql) when written; empty: the inventory's K3s server and agent hosts
 * @param maxLagBytes      replication lag above which {@code status} fails; also Patroni's
 *                         {@code maximum_lag_on_failover}, so a replica that status calls lagging never gets promoted
 * @param leaderLabel      value of the role label on the leader pod (Patroni 3 says {@code master}, 4 {@code primary})
 * @param present          whether the inventory has a {@code postgres:} key at all: without one the layer converges
 *                         nothing and the lb layer renders no route (an inventory for etcd/K3s alone stays valid)
 */
public record PostgresSettings(String namespace, String scope, int replicas, Flavor flavor, String image,
                               int postgresVersion, Volume volume, Resources resources,
                               Map<String, String> parameters, List<String> allowedNetworks,
                               List<User> users, List<Database> databases, Ports ports, NodePorts nodePorts,
                               List<Node> nodes, long maxLagBytes, Timing patroni, String leaderLabel, boolean present) {
    public PostgresSettings {
        parameters = ordered(parameters);
        allowedNetworks = List.copyOf(allowedNetworks);
        users = List.copyOf(users);
        databases = List.copyOf(databases);
        nodes = List.copyOf(nodes);
    }

    /** Every key at its default (an absent section), pg_hba open to the default K3s pod and service networks. */
    public static PostgresSettings defaults() {
        K3sSettings k3s = K3sSettings.defaults();
        return new PostgresSettings(PostgresSection.DEFAULT_NAMESPACE, PostgresSection.DEFAULT_SCOPE,
                PostgresSection.DEFAULT_REPLICAS, Flavor.SPILO, PostgresSection.DEFAULT_SPILO_IMAGE,
                PostgresSection.DEFAULT_SPILO_POSTGRES_VERSION,
                new Volume(PostgresSection.DEFAULT_VOLUME_SIZE, Optional.empty()),
                new Resources(Map.of("cpu", "250m", "memory", "512Mi"), Map.of("memory", "1Gi")), Map.of(),
                List.of(k3s.clusterCidr(), k3s.serviceCidr()), List.of(), List.of(), new Ports(5432, 5433),
                new NodePorts(30432, 30808, 30433, 30809), List.of(), PostgresSection.DEFAULT_MAX_LAG_BYTES,
                new Timing(30, 10, 10), "master", false);
    }

    public PostgresSettings withAllowedNetworks(List<String> networks) {
        return new PostgresSettings(namespace, scope, replicas, flavor, image, postgresVersion, volume, resources,
                parameters, networks, users, databases, ports, nodePorts, nodes, maxLagBytes, patroni, leaderLabel, present);
    }

    /** Immutable and in file order, so that everything rendered from it is stable. */
    static Map<String, String> ordered(Map<String, String> map) {
        return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(map));
    }

    /** One PersistentVolumeClaim per member; without a class the cluster's default StorageClass is used. */
    public record Volume(String size, Optional<String> storageClass) {
    }

    /** Container resources as Kubernetes quantities, keyed {@code cpu} and {@code memory}. */
    public record Resources(Map<String, String> requests, Map<String, String> limits) {
        public Resources {
            requests = ordered(requests);
            limits = ordered(limits);
        }
    }

    /** An application login role; its password is generated and kept like the other secrets. */
    public record User(String name) {
    }

    public record Database(String name, String owner) {
    }

    /** Where HAProxy on the lb hosts accepts clients: the primary (read-write) and replica (read-only) ports. */
    public record Ports(int primary, int replica) {
    }

    /** The NodePorts HAProxy forwards to: PostgreSQL and Patroni's REST API of the primary and replica Services. */
    public record NodePorts(int primary, int primaryApi, int replica, int replicaApi) {
        public List<Integer> all() {
            return List.of(primary, primaryApi, replica, replicaApi);
        }
    }

    /**
     * A Kubernetes node that is not a host of this inventory, by a name (HAProxy's server name) and the address the
     * lb hosts and this machine reach its NodePorts at.
     */
    public record Node(String name, String address) {
    }

    /** Patroni's DCS timing in seconds (bootstrap.dcs ttl, loop_wait, retry_timeout). */
    public record Timing(int ttl, int loopWait, int retryTimeout) {
    }
}
