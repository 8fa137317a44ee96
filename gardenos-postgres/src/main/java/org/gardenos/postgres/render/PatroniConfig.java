package org.gardenos.postgres.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gardenos.k3s.yaml.Yamls;
import org.gardenos.postgres.model.Etcd3Dcs;
import org.gardenos.postgres.model.PatroniCluster;

/**
 * Patroni's configuration as YAML trees, from the model. The patroni flavor gets a whole {@code patroni.yml}
 * (without any secret: Patroni reads the passwords from {@code PATRONI_*} environment variables); Spilo gets the
 * part of its {@code SPILO_CONFIGURATION} that overrides its template. The DCS is always the {@code etcd3:} section.
 */
public final class PatroniConfig {
    public static final String FILE = "patroni.yml";
    public static final String ROLE_LABEL_SCRIPT = "role-label.py";

    private PatroniConfig() {
    }

    /** The patroni flavor's complete patroni.yml. Member name and addresses come from the pod's environment. */
    public static Map<String, Object> patroniYml(PatroniCluster c) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("scope", c.scope());
        root.put("namespace", c.etcd().namespace());
        root.put("restapi", map("listen", "0.0.0.0:" + PatroniCluster.REST_API_PORT));
        root.put("etcd3", etcd3(c.etcd()));
        Map<String, Object> bootstrap = new LinkedHashMap<>();
        bootstrap.put("dcs", dcs(c));
        bootstrap.put("initdb", List.of(map("encoding", "UTF8"), map("locale", "C.UTF-8"), "data-checksums"));
        // Patroni 3.0's --validate-config requires it; the same rules as postgresql.pg_hba
        bootstrap.put("pg_hba", c.pgHba().lines());
        root.put("bootstrap", bootstrap);
        Map<String, Object> postgresql = new LinkedHashMap<>();
        postgresql.put("listen", "0.0.0.0:" + PatroniCluster.POSTGRES_PORT);
        postgresql.put("data_dir", c.layout().dataDirectory());
        postgresql.put("bin_dir", "/usr/lib/postgresql/" + c.postgresVersion() + "/bin");
        postgresql.put("pgpass", "/tmp/pgpass");
        // pg_rewind runs as the superuser (pg_hba admits it to the postgres database from the pod network)
        postgresql.put("authentication", map("superuser", map("username", c.superuser().username()),
                "replication", map("username", c.replication().username()),
                "rewind", map("username", c.superuser().username())));
        postgresql.put("parameters", localParameters(c));
        postgresql.put("pg_hba", c.pgHba().lines());
        String callback = "python3 " + c.layout().configFileDirectory() + "/" + ROLE_LABEL_SCRIPT + " "
                + c.roleLabel().key() + " " + c.roleLabel().leaderValue() + " " + c.roleLabel().replicaValue();
        postgresql.put("callbacks", map("on_start", callback, "on_stop", callback, "on_role_change", callback));
        root.put("postgresql", postgresql);
        return root;
    }

    /**
     * What Spilo's template must not decide: DCS timing, pg_hba (a list here replaces Spilo's whole list), the
     * parameters and the REST API's credentials, which protect its unsafe endpoints now that a NodePort exposes it.
     * Spilo's {@code deep_update} lets every value here win over its template (configure_spilo.py).
     */
    public static Map<String, Object> spiloConfiguration(PatroniCluster c, String restApiPassword) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("bootstrap", map("dcs", dcs(c)));
        root.put("restapi", map("authentication",
                map("username", c.restApi().username(), "password", restApiPassword)));
        Map<String, Object> postgresql = new LinkedHashMap<>();
        postgresql.put("parameters", new LinkedHashMap<>(c.parameters()));
        postgresql.put("pg_hba", c.pgHba().lines());
        root.put("postgresql", postgresql);
        return root;
    }

    public static String yaml(Map<String, Object> tree) {
        return Yamls.write(tree);
    }

    static Map<String, Object> etcd3(Etcd3Dcs etcd) {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("hosts", new ArrayList<>(etcd.hosts()));
        section.put("protocol", etcd.protocol());
        // the user only: its password comes from the launcher's environment (PATRONI_ETCD3_PASSWORD)
        etcd.login().ifPresent(login -> section.put("username", login.username()));
        etcd.tls().ifPresent(tls -> {
            section.put("cacert", tls.caFile());
            section.put("cert", tls.certFile());
            section.put("key", tls.keyFile());
        });
        return section;
    }

    /** Cluster-wide settings Patroni writes to the DCS once, when it initializes the cluster. */
    static Map<String, Object> dcs(PatroniCluster c) {
        Map<String, Object> dcs = new LinkedHashMap<>();
        dcs.put("ttl", c.dcs().ttl());
        dcs.put("loop_wait", c.dcs().loopWait());
        dcs.put("retry_timeout", c.dcs().retryTimeout());
        dcs.put("maximum_lag_on_failover", c.dcs().maximumLagOnFailover());
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("wal_level", "replica");
        parameters.put("hot_standby", "on");
        // pg_rewind after a failover needs hints or checksums; both are on
        parameters.put("wal_log_hints", "on");
        parameters.put("max_wal_senders", 10);
        parameters.put("max_replication_slots", 10);
        parameters.put("password_encryption", "scram-sha-256");
        dcs.put("postgresql", map("use_pg_rewind", true, "use_slots", true, "parameters", parameters));
        return dcs;
    }

    private static Map<String, Object> localParameters(PatroniCluster c) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("ssl", "on");
        parameters.put("ssl_cert_file", c.layout().serverTlsDirectory() + "/tls.crt");
        parameters.put("ssl_key_file", c.layout().serverTlsDirectory() + "/tls.key");
        parameters.put("unix_socket_directories", "/var/run/postgresql");
        parameters.putAll(c.parameters());
        return parameters;
    }

    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
