package org.gardenos.postgres.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.gardenos.postgres.settings.Flavor;
import org.gardenos.postgres.settings.PostgresSettings;

/**
 * The one model of a Patroni cluster both flavors render from: who the members are, where the DCS is, which logins
 * exist (passwords only as Secret references), pg_hba, parameters and timing. Pure data; build it with
 * {@link PatroniClusterFactory}.
 *
 * @param parameters PostgreSQL settings of every member (Patroni's local {@code postgresql.parameters})
 * @param appUsers   application logins, one Secret each
 */
public record PatroniCluster(String namespace, String scope, Flavor flavor, String image, int postgresVersion,
                             int replicas, PodLayout layout, Etcd3Dcs etcd, DcsTiming dcs,
                             Map<String, String> parameters, PgHba pgHba, Credential superuser,
                             Credential replication, Credential admin, Credential restApi,
                             List<Credential> appUsers, List<PostgresSettings.Database> databases,
                             PostgresSettings.Volume volume, PostgresSettings.Resources resources,
                             RoleLabel roleLabel, PostgresSettings.NodePorts nodePorts) {
    public static final int POSTGRES_PORT = 5432;
    /** Patroni's REST API: health checks (/primary, /replica, /readiness) and the cluster view (/cluster). */
    public static final int REST_API_PORT = 8008;
    public static final String CONTAINER = "postgres";

    public PatroniCluster {
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        appUsers = List.copyOf(appUsers);
        databases = List.copyOf(databases);
    }

    /** StatefulSet pod names, which Patroni uses as member names. */
    public List<String> members() {
        return IntStream.range(0, replicas).mapToObj(i -> scope + "-" + i).toList();
    }

    public String statefulSet() {
        return scope;
    }

    public String headlessService() {
        return scope + "-members";
    }

    public String primaryService() {
        return scope + "-primary";
    }

    public String replicaService() {
        return scope + "-replica";
    }

    public String serviceAccount() {
        return scope + "-patroni";
    }

    /** The patroni flavor's patroni.yml and role-label callback. */
    public String configMap() {
        return scope + "-patroni-config";
    }

    /** The Spilo flavor's SPILO_CONFIGURATION (a Secret: it carries the REST API password). */
    public String spiloConfigurationSecret() {
        return scope + "-spilo-configuration";
    }

    public String etcdClientSecret() {
        return scope + "-etcd-client";
    }

    public String serverTlsSecret() {
        return scope + "-server-tls";
    }

    /** Every Secret that holds a login, in a stable order: superuser, replication, admin, REST API, app users. */
    public List<Credential> credentials() {
        List<Credential> all = new java.util.ArrayList<>(List.of(superuser, replication, admin, restApi));
        all.addAll(appUsers);
        return List.copyOf(all);
    }

    /** Labels on every object of the cluster; the first two also select its pods. */
    public Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>(selector());
        labels.put("app.kubernetes.io/component", "database");
        labels.put("app.kubernetes.io/managed-by", "gardenos");
        return labels;
    }

    public Map<String, String> selector() {
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put("app.kubernetes.io/name", "patroni");
        selector.put("app.kubernetes.io/instance", scope);
        return selector;
    }

    /** The pods behind a role Service: the cluster's pods whose role label has that value. */
    public Map<String, String> roleSelector(String roleValue) {
        Map<String, String> selector = new LinkedHashMap<>(selector());
        selector.put(roleLabel.key(), roleValue);
        return selector;
    }
}
