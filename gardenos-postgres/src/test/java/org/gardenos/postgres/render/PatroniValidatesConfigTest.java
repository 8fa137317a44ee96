package org.gardenos.postgres.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gardenos.postgres.PostgresFixtures.cluster;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gardenos.postgres.model.PatroniCluster;
import org.gardenos.testkit.Prerequisites;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rendered patroni.yml, with the environment the pod gives it, passes the real Patroni's own schema check
 * ({@code patroni --validate-config}, Debian's patroni 3.0.2 with PostgreSQL 15 installed here).
 */
class PatroniValidatesConfigTest {
    @TempDir
    Path dir;

    @Test
    void debiansPatroniAcceptsTheRenderedConfiguration() throws Exception {
        Prerequisites.requireCommands("patroni", "/usr/lib/postgresql/15/bin/postgres");
        PatroniCluster c = cluster("  flavor: patroni\n  image: localhost/gardenos/patroni:3.0.2-pg15\n"
                + "  parameters: {max_connections: 200}\n");
        String output = validate(PatroniConfig.yaml(PatroniConfig.patroniYml(c)));
        assertThat(output).startsWith("0:");
    }

    /** The check is not vacuous: a PostgreSQL version this machine does not have is refused by the same command. */
    @Test
    void theSameCheckRefusesABinDirWithoutPostgres() throws Exception {
        Prerequisites.requireCommands("patroni", "/usr/lib/postgresql/15/bin/postgres");
        Prerequisites.require(!Files.exists(Path.of("/usr/lib/postgresql/13")), "PostgreSQL 13 is installed here");
        PatroniCluster c = cluster("  flavor: patroni\n  image: localhost/gardenos/patroni:3.0.2-pg13\n"
                + "  postgresVersion: 13\n");
        String output = validate(PatroniConfig.yaml(PatroniConfig.patroniYml(c)));
        assertThat(output).startsWith("1:").contains("bin_dir");
    }

    private String validate(String yaml) throws Exception {
        Path config = dir.resolve(PatroniConfig.FILE);
        Files.writeString(config, yaml);
        ProcessBuilder builder = new ProcessBuilder("patroni", "--validate-config", config.toString())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("PATRONI_"));
        env.put("PATRONI_NAME", "postgres-0");
        env.put("PATRONI_RESTAPI_CONNECT_ADDRESS", "172.21.0.10:8008");
        env.put("PATRONI_POSTGRESQL_CONNECT_ADDRESS", "172.21.0.10:5432");
        env.put("PATRONI_SUPERUSER_USERNAME", "postgres");
        env.put("PATRONI_SUPERUSER_PASSWORD", "not-a-real-secret-1");
        env.put("PATRONI_REWIND_USERNAME", "postgres");
        env.put("PATRONI_REWIND_PASSWORD", "not-a-real-secret-1");
        env.put("PATRONI_REPLICATION_USERNAME", "standby");
        env.put("PATRONI_REPLICATION_PASSWORD", "not-a-real-secret-2");
        env.put("PATRONI_RESTAPI_USERNAME", "patroni");
        env.put("PATRONI_RESTAPI_PASSWORD", "not-a-real-secret-3");
        Process p = builder.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() + ":" + output;
    }
}
