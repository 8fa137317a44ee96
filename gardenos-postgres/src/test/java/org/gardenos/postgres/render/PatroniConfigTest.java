package org.gardenos.postgres.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gardenos.postgres.PostgresFixtures.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.List;
import org.gardenos.postgres.model.PatroniCluster;
import org.junit.jupiter.api.Test;

class PatroniConfigTest {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String PATRONI = "  flavor: patroni\n  image: localhost/gardenos/patroni:3.0.2-pg15\n"
            + "  parameters: {max_connections: 200}\n";

    static JsonNode read(String yaml) throws Exception {
        return YAML.readTree(yaml);
    }

    @Test
    void patroniYmlUsesEtcd3WithTlsAndTheModelsTiming() throws Exception {
        PatroniCluster c = cluster(PATRONI);
        JsonNode yml = read(PatroniConfig.yaml(PatroniConfig.patroniYml(c)));
        assertThat(yml.path("scope").asText()).isEqualTo("postgres");
        assertThat(yml.path("namespace").asText()).isEqualTo("/service/");
        JsonNode etcd3 = yml.path("etcd3");
        assertThat(texts(etcd3.path("hosts"))).containsExactly("203.0.113.11:2379", "203.0.113.12:2379", "203.0.113.13:2379");
        assertThat(etcd3.path("protocol").asText()).isEqualTo("https");
        assertThat(etcd3.path("cacert").asText()).isEqualTo("/etc/patroni/etcd/ca.crt");
        assertThat(etcd3.path("cert").asText()).isEqualTo("/etc/patroni/etcd/tls.crt");
        assertThat(etcd3.path("key").asText()).isEqualTo("/etc/patroni/etcd/tls.key");
        // the etcd user; its password only from the launcher's environment, never in the ConfigMap
        assertThat(etcd3.path("username").asText()).isEqualTo("patroni");
        assertThat(etcd3.has("password")).isFalse();
        JsonNode dcs = yml.path("bootstrap").path("dcs");
        assertThat(dcs.path("ttl").asInt()).isEqualTo(30);
        assertThat(dcs.path("loop_wait").asInt()).isEqualTo(10);
        assertThat(dcs.path("retry_timeout").asInt()).isEqualTo(10);
        assertThat(dcs.path("maximum_lag_on_failover").asLong()).isEqualTo(1_048_576L);
        assertThat(dcs.path("postgresql").path("use_pg_rewind").asBoolean()).isTrue();
        assertThat(yml.path("restapi").path("listen").asText()).isEqualTo("0.0.0.0:8008");
    }

    @Test
    void patroniYmlHoldsPostgresSettingsButNoPassword() throws Exception {
        PatroniCluster c = cluster(PATRONI);
        String text = PatroniConfig.yaml(PatroniConfig.patroniYml(c));
        JsonNode pg = read(text).path("postgresql");
        assertThat(pg.path("data_dir").asText()).isEqualTo("/var/lib/postgresql/data/pgdata");
        assertThat(pg.path("bin_dir").asText()).isEqualTo("/usr/lib/postgresql/15/bin");
        assertThat(texts(pg.path("pg_hba"))).isEqualTo(c.pgHba().lines());
        assertThat(pg.path("parameters").path("ssl").asText()).isEqualTo("on");
        assertThat(pg.path("parameters").path("ssl_key_file").asText()).isEqualTo("/etc/patroni/tls/tls.key");
        assertThat(pg.path("parameters").path("max_connections").asText()).isEqualTo("200");
        assertThat(pg.path("authentication").path("superuser").path("username").asText()).isEqualTo("postgres");
        assertThat(pg.path("authentication").path("superuser").has("password")).isFalse();
        assertThat(pg.path("authentication").path("replication").has("password")).isFalse();
        assertThat(text).doesNotContain("password:");
        assertThat(pg.path("callbacks").path("on_role_change").asText()).isEqualTo(
                "python3 /etc/patroni/config/role-label.py patroni.gardenos.org/role primary replica");
    }

    @Test
    void spiloConfigurationOverridesTimingPgHbaParametersAndProtectsTheRestApi() throws Exception {
        PatroniCluster c = cluster("  parameters: {work_mem: 8MB}\n  patroni: {ttl: 20, loopWait: 5, retryTimeout: 5}\n");
        JsonNode conf = read(PatroniConfig.yaml(PatroniConfig.spiloConfiguration(c, "rest-secret")));
        assertThat(conf.path("bootstrap").path("dcs").path("ttl").asInt()).isEqualTo(20);
        assertThat(conf.path("bootstrap").path("dcs").path("loop_wait").asInt()).isEqualTo(5);
        assertThat(texts(conf.path("postgresql").path("pg_hba"))).isEqualTo(c.pgHba().lines());
        assertThat(conf.path("postgresql").path("parameters").path("work_mem").asText()).isEqualTo("8MB");
        assertThat(conf.path("restapi").path("authentication").path("username").asText()).isEqualTo("patroni");
        assertThat(conf.path("restapi").path("authentication").path("password").asText()).isEqualTo("rest-secret");
    }

    @Test
    void neitherFlavorEverRendersTheEtcdV2Section() throws Exception {
        for (String flavor : List.of("", PATRONI)) {
            PatroniCluster c = cluster(flavor);
            List<JsonNode> documents = List.of(read(PatroniConfig.yaml(PatroniConfig.patroniYml(c))),
                    read(PatroniConfig.yaml(PatroniConfig.spiloConfiguration(c, "x"))));
            for (JsonNode document : documents) {
                assertThat(document.has("etcd")).as("etcd v2 section in %s", document).isFalse();
                assertThat(fieldNames(document)).noneMatch(name -> name.equals("etcd") || name.startsWith("etcd_"));
            }
            assertThat(documents.get(0).has("etcd3")).isTrue();
        }
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fields().forEachRemaining(e -> {
            names.add(e.getKey());
            names.addAll(fieldNames(e.getValue()));
        });
        node.elements().forEachRemaining(e -> {
            if (!node.isObject()) {
                names.addAll(fieldNames(e));
            }
        });
        return names;
    }
}
