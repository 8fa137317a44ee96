package org.gardenos.testkit.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gardenos.nspawn.EtcdReleaseTarball;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixture itself against real etcd: forms, survives a stopped member, and a wiped member is really empty. */
class LocalEtcdClusterTest {
    @BeforeAll
    static void prerequisites() {
        EtcdPrerequisites.requireEtcd();
    }

    @Test
    void formsThreeMembersAndServesWritesThroughEtcdctl() throws Exception {
        try (LocalEtcdCluster cluster = LocalEtcdCluster.builder().members(3).build().start()) {
            assertThat(cluster.endpoints()).hasSize(3)
                    .allSatisfy(u -> assertThat(u.toString()).matches("http://127\\.0\\.1\\d\\d\\.1[123]:2379"));
            assertThat(etcdctl(cluster, "put", "k", "v")).contains("OK");
            assertThat(etcdctl(cluster, "member", "list")).contains("etcd-1", "etcd-2", "etcd-3");

            cluster.stop(0);
            assertThat(cluster.isRunning(0)).isFalse();
            assertThat(etcdctl(cluster, "get", "k", "--print-value-only")).contains("v");

            cluster.start(0);
            cluster.awaitHealthy(java.time.Duration.ofSeconds(20));
            assertThat(cluster.isRunning(0)).isTrue();
        }
    }

    @Test
    void wipeDeletesTheDataDirOfAStoppedMemberOnly() {
        try (LocalEtcdCluster cluster = LocalEtcdCluster.builder().members(1).build().start()) {
            Path data = cluster.member(0).dataDir();
            assertThat(data.resolve("member")).isDirectory();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> cluster.wipe(0))
                    .hasMessageContaining("must be stopped");
            cluster.kill(0);
            cluster.wipe(0);
            assertThat(data).doesNotExist();
        }
    }

    @Test
    void releaseTarballHasTheOfficialLayoutAndItsChecksum(@TempDir Path dir) throws Exception {
        EtcdPrerequisites.requireTar();
        EtcdReleaseTarball t = EtcdReleaseTarball.build(dir);
        assertThat(t.fileName()).isEqualTo("etcd-v" + t.version() + "-linux-amd64.tar.gz");
        assertThat(t.version()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(run(List.of("tar", "-tzf", t.tarball().toString())))
                .contains(t.topDir() + "/etcd", t.topDir() + "/etcdctl");
        assertThat(t.sha256()).isEqualTo(run(List.of("sha256sum", t.tarball().toString())).split(" ")[0]);
        assertThat(Files.readString(t.sha256Sums())).isEqualTo(t.sha256() + "  " + t.fileName() + "\n");
    }

    private static String etcdctl(LocalEtcdCluster c, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(EtcdPrerequisites.ETCDCTL.toString(),
                "--endpoints=" + c.endpointsCsv(), "--command-timeout=5s"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("ETCDCTL_API", "3");
        return run(pb);
    }

    private static String run(List<String> cmd) throws Exception {
        return run(new ProcessBuilder(cmd).redirectErrorStream(true));
    }

    private static String run(ProcessBuilder pb) throws Exception {
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
