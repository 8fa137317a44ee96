package org.gardenos.postgres.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gardenos.postgres.PostgresFixtures.cluster;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.gardenos.postgres.model.PatroniCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The patroni flavor's launcher run by this machine's {@code sh} (dash, as in the Debian image): the rendered text
 * with only its two paths moved into a temporary directory and {@code patroni} replaced by {@code env}, so what the
 * exec'd program would see is printed.
 */
class LauncherScriptTest {
    @TempDir
    Path dir;

    private String run(String script) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() + ":" + out;
    }

    private String localScript(PatroniCluster c) {
        return PatroniEnvironment.launcherScript(c)
                .replace(c.layout().passwordDirectory(), dir.toString())
                .replace("exec patroni ", "exec env CONFIG=");
    }

    @Test
    void theExecdProgramGetsEveryPasswordFromItsFileAndTheConfigPath() throws Exception {
        PatroniCluster c = cluster(PostgresManifestsTest.PATRONI);
        Files.writeString(dir.resolve("superuser"), "super-pw-1");
        Files.writeString(dir.resolve("replication"), "repl-pw-2\n");
        Files.writeString(dir.resolve("restapi"), "rest-pw-3");
        Files.writeString(dir.resolve("etcd"), "etcd-pw-4\n");
        String out = run(localScript(c));
        assertThat(out).startsWith("0:").contains("\nPATRONI_SUPERUSER_PASSWORD=super-pw-1\n",
                "\nPATRONI_REWIND_PASSWORD=super-pw-1\n", "\nPATRONI_REPLICATION_PASSWORD=repl-pw-2\n",
                "\nPATRONI_RESTAPI_PASSWORD=rest-pw-3\n", "\nCONFIG=/etc/patroni/config/patroni.yml\n",
                // Patroni 3.0 takes PATRONI_ETCD3_PASSWORD into etcd3 only next to another PATRONI_ETCD3_ setting
                "\nPATRONI_ETCD3_PASSWORD=etcd-pw-4\n", "\nPATRONI_ETCD3_PROTOCOL=https\n");
        assertThat(PatroniEnvironment.launcherScript(c)).as("the password is read, never written in the script")
                .contains("$(cat /etc/patroni/passwords/etcd)").doesNotContain("etcd-pw-4");
    }

    @Test
    void withoutAnEtcdLoginNoEtcdVariableIsExported() throws Exception {
        PatroniCluster c = org.gardenos.postgres.model.PatroniClusterFactory.build(
                org.gardenos.postgres.PostgresFixtures.settings(PostgresManifestsTest.PATRONI),
                new org.gardenos.postgres.model.ClusterContext(org.gardenos.postgres.PostgresFixtures.CONTEXT
                        .etcdEndpoints(), true, java.util.Optional.empty(), "172.21.0.0/16",
                        org.gardenos.postgres.PostgresFixtures.CONTEXT.nodes()));
        assertThat(PatroniEnvironment.launcherScript(c)).doesNotContain("ETCD3");
        assertThat(PatroniEnvironment.passwordFiles(c)).doesNotContainKey("etcd");
    }

    @Test
    void aMissingPasswordFileStopsTheStartInsteadOfAnEmptyPassword() throws Exception {
        PatroniCluster c = cluster(PostgresManifestsTest.PATRONI);
        Files.writeString(dir.resolve("superuser"), "super-pw-1");
        String out = run(localScript(c));
        assertThat(out).doesNotStartWith("0:").contains("replication").doesNotContain("CONFIG=");
    }
}
