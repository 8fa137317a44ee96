package org.gardenos.postgres.render;

import io.kubernetes.client.openapi.models.V1EnvVar;
import java.util.ArrayList;
import java.util.List;
import org.gardenos.postgres.model.PatroniCluster;

/**
 * The patroni flavor's environment: what differs per pod (name, addresses) and the passwords, with Patroni's
 * documented names (docs/ENVIRONMENT.rst of patroni/patroni); values set this way win over patroni.yml, which
 * therefore holds no secret. {@code $(POD_IP)} is expanded by the kubelet from the variable defined before it.
 */
public final class PatroniEnvironment {
    private PatroniEnvironment() {
    }

    public static List<V1EnvVar> env(PatroniCluster c) {
        List<V1EnvVar> env = new ArrayList<>();
        env.add(EnvVars.field("POD_IP", "status.podIP"));
        env.add(EnvVars.field("POD_NAMESPACE", "metadata.namespace"));
        env.add(EnvVars.field("PATRONI_NAME", "metadata.name"));
        env.add(EnvVars.literal("PATRONI_RESTAPI_CONNECT_ADDRESS", "$(POD_IP):" + PatroniCluster.REST_API_PORT));
        env.add(EnvVars.literal("PATRONI_POSTGRESQL_CONNECT_ADDRESS", "$(POD_IP):" + PatroniCluster.POSTGRES_PORT));
        env.add(EnvVars.literal("PATRONI_SUPERUSER_USERNAME", c.superuser().username()));
        env.add(EnvVars.secret("PATRONI_SUPERUSER_PASSWORD", c.superuser().password()));
        env.add(EnvVars.literal("PATRONI_REWIND_USERNAME", c.superuser().username()));
        env.add(EnvVars.secret("PATRONI_REWIND_PASSWORD", c.superuser().password()));
        env.add(EnvVars.literal("PATRONI_REPLICATION_USERNAME", c.replication().username()));
        env.add(EnvVars.secret("PATRONI_REPLICATION_PASSWORD", c.replication().password()));
        env.add(EnvVars.literal("PATRONI_RESTAPI_USERNAME", c.restApi().username()));
        env.add(EnvVars.secret("PATRONI_RESTAPI_PASSWORD", c.restApi().password()));
        return env;
    }

    /** The container's command: Patroni in the foreground with the rendered file. */
    public static List<String> command(PatroniCluster c) {
        return List.of("patroni", c.layout().configFileDirectory() + "/" + PatroniConfig.FILE);
    }
}
