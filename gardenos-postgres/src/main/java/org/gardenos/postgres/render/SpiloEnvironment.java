package org.gardenos.postgres.render;

import io.kubernetes.client.openapi.models.V1EnvVar;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.gardenos.postgres.model.PatroniCluster;
import org.gardenos.postgres.model.SecretKeyRef;

/**
 * Spilo's documented environment (ENVIRONMENT.rst and configure_spilo.py of zalando/spilo; docs/postgres.md cites
 * each). The DCS is given only as {@code ETCD3_*}: configure_spilo.py turns every {@code ETCD3_<NAME>} into
 * {@code etcd3.<name>}, while Patroni's own {@code PATRONI_ETCD3_*} would be dropped by Spilo's runit script, and
 * {@code ETCD_HOST}/{@code ETCD_HOSTS} mean etcd's v2 API. Every password comes from a Secret.
 */
public final class SpiloEnvironment {
    public static final String SPILO_CONFIGURATION_KEY = "spilo-configuration.yml";

    private SpiloEnvironment() {
    }

    public static List<V1EnvVar> env(PatroniCluster c) {
        List<V1EnvVar> env = new ArrayList<>();
        env.add(EnvVars.literal("SCOPE", c.scope()));
        env.add(EnvVars.literal("PGVERSION", Integer.toString(c.postgresVersion())));
        // PGDATA becomes PGROOT/pgdata: below the volume's mount, created by initdb itself
        env.add(EnvVars.literal("PGROOT", c.layout().dataMount() + "/pgroot"));
        env.add(EnvVars.field("POD_IP", "status.podIP"));
        env.add(EnvVars.field("POD_NAMESPACE", "metadata.namespace"));
        env.add(EnvVars.literal("KUBERNETES_ROLE_LABEL", c.roleLabel().key()));
        // no probing of the cloud metadata address 169.254.169.254: this is neither AWS nor GCE
        env.add(EnvVars.literal("SPILO_PROVIDER", "local"));
        env.add(EnvVars.literal("ETCD3_HOSTS", etcd3Hosts(c)));
        env.add(EnvVars.literal("ETCD3_PROTOCOL", c.etcd().protocol()));
        c.etcd().tls().ifPresent(tls -> {
            env.add(EnvVars.literal("ETCD3_CACERT", tls.caFile()));
            env.add(EnvVars.literal("ETCD3_CERT", tls.certFile()));
            env.add(EnvVars.literal("ETCD3_KEY", tls.keyFile()));
        });
        // configure_spilo.py (get_dcs_config) turns ETCD3_USERNAME/ETCD3_PASSWORD into etcd3.username/password
        c.etcd().login().ifPresent(login -> {
            env.add(EnvVars.literal("ETCD3_USERNAME", login.username()));
            env.add(EnvVars.secret("ETCD3_PASSWORD", login.password()));
        });
        env.add(EnvVars.literal("PGUSER_SUPERUSER", c.superuser().username()));
        env.add(EnvVars.secret("PGPASSWORD_SUPERUSER", c.superuser().password()));
        env.add(EnvVars.literal("PGUSER_STANDBY", c.replication().username()));
        env.add(EnvVars.secret("PGPASSWORD_STANDBY", c.replication().password()));
        env.add(EnvVars.literal("PGUSER_ADMIN", c.admin().username()));
        env.add(EnvVars.secret("PGPASSWORD_ADMIN", c.admin().password()));
        env.add(EnvVars.secret("SSL_CERTIFICATE", new SecretKeyRef(c.serverTlsSecret(), "tls.crt")));
        env.add(EnvVars.secret("SSL_PRIVATE_KEY", new SecretKeyRef(c.serverTlsSecret(), "tls.key")));
        env.add(EnvVars.secret("SPILO_CONFIGURATION",
                new SecretKeyRef(c.spiloConfigurationSecret(), SPILO_CONFIGURATION_KEY)));
        return env;
    }

    /** {@code "e1:2379","e2:2379"}: configure_spilo.py wraps the value in [...] and reads it as a YAML list. */
    static String etcd3Hosts(PatroniCluster c) {
        return c.etcd().hosts().stream().map(h -> "\"" + h + "\"").collect(Collectors.joining(","));
    }
}
