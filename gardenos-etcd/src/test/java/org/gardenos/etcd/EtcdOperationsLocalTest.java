package org.gardenos.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.DeleteOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.gardenos.etcd.client.EtcdConnection;
import org.gardenos.etcd.support.PkiTlsFiles;
import org.gardenos.state.StateDir;
import org.gardenos.testkit.etcd.EtcdPrerequisites;
import org.gardenos.testkit.etcd.LocalEtcdCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EtcdEnv, snapshot save/verify and defrag against a real 3-member TLS etcd on loopback. */
class EtcdOperationsLocalTest {
    @TempDir
    static Path dir;
    static LocalEtcdCluster cluster;
    static EtcdConnection conn;

    @BeforeAll
    static void start() throws Exception {
        EtcdPrerequisites.requireEtcd();
        PkiTlsFiles files = new PkiTlsFiles(StateDir.open(dir.resolve("state")));
        cluster = LocalEtcdCluster.builder().members(3).tls(files).build().start();
        conn = EtcdConnection.tls(cluster.endpoints(), EtcdConnection.ClientTls.gardenos(files.pki()))
                .withTimeout(Duration.ofSeconds(10));
        try (Client c = conn.open()) {
            List<CompletableFuture<?>> puts = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                puts.add(c.getKVClient().put(bytes("/app/key-" + i), bytes("v".repeat(2000) + i)));
            }
            CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void envExportsLetEtcdctlReachTheTlsClusterAndHoldNoKeyMaterial() throws Exception {
        String env = EtcdEnvironment.of(conn).shellExports();
        assertThat(env).startsWith("export ETCDCTL_API=3\n").contains("export ETCDCTL_ENDPOINTS='https://",
                "export ETCDCTL_CACERT='", "export ETCDCTL_CERT='", "export ETCDCTL_KEY='")
                .doesNotContain("PRIVATE KEY");
        Path script = Files.writeString(dir.resolve("env.sh"), env);
        String out = bash("set -e; . " + script + "; etcdctl endpoint health 2>&1; etcdctl get /app/key-7 "
                + "--print-value-only | tail -c 4");
        assertThat(out).contains("is healthy").doesNotContain("unhealthy").contains("v7");
        assertThat(out.split("is healthy", -1)).hasSize(4);
    }

    @Test
    void snapshotSaveWritesAVerified0600FileThatEtcdctlCanRestore() throws Exception {
        Path target = dir.resolve("backups/etcd.db");
        EtcdSnapshotFile saved = EtcdSnapshots.save(conn, target, Duration.ofSeconds(30));

        assertThat(saved.path()).isEqualTo(target).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
        assertThat(saved.size()).isEqualTo(Files.size(target)).isGreaterThan(200 * 2000);
        assertThat(bash("ETCDCTL_API=3 etcdctl snapshot status " + target + " -w json"))
                .containsPattern("\"totalKey\":2\\d\\d");
        Path restored = dir.resolve("restored");
        assertThat(bash("ETCDCTL_API=3 etcdctl snapshot restore " + target + " --data-dir " + restored
                + " 2>&1; echo rc=$?")).contains("rc=0");
        assertThat(restored.resolve("member/snap/db")).exists();
    }

    @Test
    void aTruncatedOrCorruptedSnapshotIsRefused() throws Exception {
        Path good = dir.resolve("good.db");
        EtcdSnapshots.save(conn, good, Duration.ofSeconds(30));
        byte[] bytes = Files.readAllBytes(good);

        Path truncated = Files.write(dir.resolve("truncated.db"), java.util.Arrays.copyOf(bytes, bytes.length - 100));
        assertThatThrownBy(() -> EtcdSnapshotFile.verify(truncated)).hasMessageContaining("integrity hash");

        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 0x55;
        Path corrupted = Files.write(dir.resolve("corrupted.db"), flipped);
        assertThatThrownBy(() -> EtcdSnapshotFile.verify(corrupted)).hasMessageContaining("integrity hash");

        Path html = Files.writeString(dir.resolve("html.db"), "<html>".repeat(2000));
        assertThatThrownBy(() -> EtcdSnapshotFile.verify(html)).hasMessageContaining("not a bbolt database");
    }

    @Test
    void defragVisitsEveryMemberLeaderLastAndShrinksTheDatabase() throws Exception {
        try (Client c = conn.open()) {
            List<CompletableFuture<?>> puts = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                puts.add(c.getKVClient().put(bytes("/junk/key-" + i), bytes("j".repeat(4000))));
            }
            CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            long rev = c.getKVClient().delete(bytes("/junk/"), DeleteOption.builder().isPrefix(true).build())
                    .get(30, TimeUnit.SECONDS).getHeader().getRevision();
            c.getKVClient().compact(rev).get(30, TimeUnit.SECONDS);
        }
        List<EtcdDefrag.Result> results = new EtcdDefrag(conn, Duration.ofSeconds(30)).run();

        assertThat(results).hasSize(3);
        assertThat(results).filteredOn(EtcdDefrag.Result::leader).hasSize(1);
        assertThat(results.get(2).leader()).as("leader last").isTrue();
        assertThat(results).allSatisfy(r -> assertThat(r.dbSizeAfter()).isLessThan(r.dbSizeBefore()));
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    private static String bash(String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
