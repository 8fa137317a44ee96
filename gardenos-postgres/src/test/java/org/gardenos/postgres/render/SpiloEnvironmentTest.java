package org.gardenos.postgres.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gardenos.postgres.PostgresFixtures.cluster;

import io.kubernetes.client.openapi.models.V1EnvVar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gardenos.postgres.model.PatroniCluster;
import org.junit.jupiter.api.Test;

class SpiloEnvironmentTest {
    @Test
    void spiloGetsItsDocumentedVariablesWithTheDcsAsEtcd3Only() {
        PatroniCluster c = cluster("");
        Map<String, V1EnvVar> env = byName(SpiloEnvironment.env(c));
        assertThat(env.keySet()).containsExactly("SCOPE", "PGVERSION", "PGROOT", "POD_IP", "POD_NAMESPACE",
                "KUBERNETES_ROLE_LABEL", "SPILO_PROVIDER", "ETCD3_HOSTS", "ETCD3_PROTOCOL", "ETCD3_CACERT",
                "ETCD3_CERT", "ETCD3_KEY", "ETCD3_USERNAME", "ETCD3_PASSWORD", "PGUSER_SUPERUSER", "PGPASSWORD_SUPERUSER", "PGUSER_STANDBY",
                "PGPASSWORD_STANDBY", "PGUSER_ADMIN", "PGPASSWORD_ADMIN", "SSL_CERTIFICATE", "SSL_PRIVATE_KEY",
                "SPILO_CONFIGURATION");
        assertThat(env.get("SCOPE").getValue()).isEqualTo("postgres");
        assertThat(env.get("PGVERSION").getValue()).isEqualTo("16");
        assertThat(env.get("PGROOT").getValue()).isEqualTo("/home/postgres/pgdata/pgroot");
        assertThat(env.get("ETCD3_HOSTS").getValue())
                .isEqualTo("\"203.0.113.11:2379\",\"203.0.113.12:2379\",\"203.0.113.13:2379\"");
        assertThat(env.get("ETCD3_PROTOCOL").getValue()).isEqualTo("https");
        assertThat(env.get("ETCD3_CACERT").getValue()).isEqualTo("/etc/gardenos/etcd/ca.crt");
        assertThat(env.get("ETCD3_CERT").getValue()).isEqualTo("/etc/gardenos/etcd/tls.crt");
        assertThat(env.get("ETCD3_KEY").getValue()).isEqualTo("/etc/gardenos/etcd/tls.key");
        // configure_spilo.py's get_dcs_config: every ETCD3_<NAME> becomes etcd3.<name>
        assertThat(env.get("ETCD3_USERNAME").getValue()).isEqualTo("patroni");
        assertThat(env.get("KUBERNETES_ROLE_LABEL").getValue()).isEqualTo("spilo-role");
        assertThat(env.get("POD_IP").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
    }

    @Test
    void noVariableSelectsEtcdsV2ApiOrTheKubernetesDcsOrDisablesSsl() {
        List<String> names = SpiloEnvironment.env(cluster("")).stream().map(V1EnvVar::getName).toList();
        assertThat(names).noneMatch(n -> n.startsWith("ETCD_") || n.startsWith("PATRONI_ETCD"));
        assertThat(names).doesNotContain("DCS_ENABLE_KUBERNETES_API", "ALLOW_NOSSL", "PATRONI_CONFIGURATION");
    }

    @Test
    void everyPasswordKeyAndTheConfigurationComeFromSecrets() {
        PatroniCluster c = cluster("");
        Map<String, V1EnvVar> env = byName(SpiloEnvironment.env(c));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("PGPASSWORD_SUPERUSER", "postgres-superuser/password");
        expected.put("PGPASSWORD_STANDBY", "postgres-replication/password");
        expected.put("PGPASSWORD_ADMIN", "postgres-admin/password");
        expected.put("ETCD3_PASSWORD", "postgres-etcd-login/password");
        expected.put("SSL_CERTIFICATE", "postgres-server-tls/tls.crt");
        expected.put("SSL_PRIVATE_KEY", "postgres-server-tls/tls.key");
        expected.put("SPILO_CONFIGURATION", "postgres-spilo-configuration/spilo-configuration.yml");
        expected.forEach((name, ref) -> {
            V1EnvVar var = env.get(name);
            assertThat(var.getValue()).as(name).isNull();
            var selector = var.getValueFrom().getSecretKeyRef();
            assertThat(selector.getName() + "/" + selector.getKey()).as(name).isEqualTo(ref);
        });
    }

    @Test
    void plainHttpEtcdGetsNoCertificateVariables() {
        PatroniCluster c = org.gardenos.postgres.model.PatroniClusterFactory.build(
                org.gardenos.postgres.PostgresFixtures.settings(""),
                new org.gardenos.postgres.model.ClusterContext(List.of("10.0.0.1:2379"), false,
                        java.util.Optional.empty(), "172.21.0.0/16",
                        org.gardenos.postgres.PostgresFixtures.CONTEXT.nodes()));
        Map<String, V1EnvVar> env = byName(SpiloEnvironment.env(c));
        assertThat(env.get("ETCD3_PROTOCOL").getValue()).isEqualTo("http");
        assertThat(env.get("ETCD3_HOSTS").getValue()).isEqualTo("\"10.0.0.1:2379\"");
        assertThat(env).doesNotContainKeys("ETCD3_CACERT", "ETCD3_CERT", "ETCD3_KEY", "ETCD3_USERNAME", "ETCD3_PASSWORD");
    }

    static Map<String, V1EnvVar> byName(List<V1EnvVar> env) {
        Map<String, V1EnvVar> map = new LinkedHashMap<>();
        env.forEach(e -> assertThat(map.put(e.getName(), e)).as("duplicate %s", e.getName()).isNull());
        return map;
    }
}
