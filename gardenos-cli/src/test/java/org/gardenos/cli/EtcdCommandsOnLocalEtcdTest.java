package org.gardenos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.gardenos.etcd.pki.EtcdPki;
import org.gardenos.state.StateDir;
import org.gardenos.testkit.etcd.EtcdPrerequisites;
import org.gardenos.testkit.etcd.LocalEtcdCluster;
import org.gardenos.testkit.etcd.LocalEtcdMember;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gardenos etcd env|snapshot save|defrag} and {@code gardenos status etcd} through the whole CLI against a
 * REAL 3-member TLS etcd on loopback (Debian's etcd, {@link LocalEtcdCluster}): the inventory names the members'
 * loopback addresses, and the state dir holds the PKI (made by the production {@link EtcdPki}) that signed the
 * members' certificates, exactly as {@code apply etcd} would have left it. Only status and the etcd client API are
 * used, so the stand-in-free CLI never opens an SSH connection here.
 */
class EtcdCommandsOnLocalEtcdTest {
    @TempDir
    static Path dir;
    static Path stateDir;
    static Path inventory;
    static LocalEtcdCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        EtcdPrerequisites.requireEtcd();
        stateDir = dir.resolve("state");
        StateDir state = StateDir.open(stateDir);
        cluster = LocalEtcdCluster.builder().members(3).tls(new StatePkiTlsFiles(state)).build();
        StringBuilder hosts = new StringBuilder();
        for (LocalEtcdMember m : cluster.members()) {
            hosts.append("  - name: ").append(m.name()).append("\n    address: ").append(m.address())
                    .append("\n    roles: [etcd, server]\n");
        }
        Files.writeString(dir.resolve("id_ed25519"), "never read: no SSH in this test");
        Files.writeString(dir.resolve("known_hosts"), "");
        inventory = Files.writeString(dir.resolve("gardenos.yaml"), """
                cluster: local
                ssh:
                  privateKey: id_ed25519
                  knownHosts: known_hosts
                etcd:
                  clientPort: 2379
                  tls: true
                hosts:
                """ + hosts);
        cluster.start();
        try (Client c = connection().open()) {
            List<CompletableFuture<?>> puts = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                puts.add(c.getKVClient().put(bytes("/app/key-" + i), bytes("v".repeat(1000) + i)));
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

    private static EtcdConnection connection() {
        return EtcdConnection.tls(cluster.endpoints(), EtcdConnection.ClientTls.gardenos(
                EtcdPki.ensure(StateDir.open(stateDir), List.of()))).withTimeout(Duration.ofSeconds(10));
    }

    private static CliRun gardenos(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-f", inventory.toString(), "--state-dir", stateDir.toString()));
        return CliRun.run(all.toArray(String[]::new));
    }

    @Test
    void etcdctlReachesTheClusterThroughTheEnvExports() throws Exception {
        CliRun env = gardenos("etcd", "env");
        assertThat(env.exitCode()).as(env.toString()).isZero();
        Path script = Files.writeString(dir.resolve("env.sh"), env.out());

        String out = bash("set -e; . " + script + "; etcdctl endpoint health 2>&1; etcdctl get /app/key-7"
                + " --print-value-only | tail -c 3");

        assertThat(out.split("is healthy", -1)).as(out).hasSize(4);
        assertThat(out).doesNotContain("unhealthy").contains("v7");
    }

    @Test
    void statusOfEtcdIsHealthyWithOneRowPerMember() throws Exception {
        CliRun run = gardenos("status", "etcd", "-o", "json");
        JsonNode doc = new ObjectMapper().readTree(run.out());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(doc.get("healthy").asBoolean()).isTrue();
        assertThat(doc.at("/layers/0/layer").asText()).isEqualTo("etcd");
        assertThat(doc.at("/layers/0/health").asText()).isEqualTo("HEALTHY");
        // one row per member, then the access row (auth not converged on this cluster: apply never ran on it)
        assertThat(doc.at("/layers/0/items")).hasSize(4);
        assertThat(doc.at("/layers/0/items/3/name").asText()).isEqualTo("access");

        CliRun table = gardenos("status", "etcd");
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.out()).startsWith("etcd: HEALTHY - ").contains("NAME").contains("HEALTH");
    }

    @Test
    void snapshotSaveWritesAVerified0600FileEtcdctlAccepts() throws Exception {
        Path target = dir.resolve("backups/etcd.db");

        CliRun run = gardenos("etcd", "snapshot", "save", target.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("saved " + target + ": " + Files.size(target) + " bytes, sha256 ")
                .contains("verified: bbolt database header and etcd's SHA-256 trailer match");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
        assertThat(bash("ETCDCTL_API=3 etcdctl snapshot status " + target + " -w json"))
                .containsPattern("\"totalKey\":1\\d\\d");

        CliRun json = gardenos("-o", "json", "etcd", "snapshot", "save", dir.resolve("second.db").toString());
        JsonNode doc = new ObjectMapper().readTree(json.out());
        assertThat(json.exitCode()).as(json.toString()).isZero();
        assertThat(doc.get("verified").asBoolean()).isTrue();
        assertThat(doc.get("bytes").asLong()).isEqualTo(Files.size(dir.resolve("second.db")));
        assertThat(doc.get("sha256").asText()).hasSize(64);
    }

    @Test
    void rotateCertsIssuesEveryLeafAgainFromTheSameCaAndTheClusterStillAnswers() throws Exception {
        byte[] ca = java.nio.file.Files.readAllBytes(stateDir.resolve("etcd/pki/ca.crt"));
        byte[] gardenosCert = java.nio.file.Files.readAllBytes(stateDir.resolve("etcd/pki/clients/gardenos.crt"));

        CliRun run = gardenos("etcd", "rotate-certs");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("issued member etcd-1", "issued peer etcd-3", "issued client gardenos",
                "issued client k3s", "issued client patroni", "next: gardenos apply etcd");
        assertThat(java.nio.file.Files.readAllBytes(stateDir.resolve("etcd/pki/ca.crt"))).isEqualTo(ca);
        assertThat(java.nio.file.Files.readAllBytes(stateDir.resolve("etcd/pki/clients/gardenos.crt")))
                .isNotEqualTo(gardenosCert);
        // the members read their certificate files at each handshake: the new ones from the same CA are accepted
        assertThat(gardenos("status", "etcd").out()).startsWith("etcd: HEALTHY - ");
    }

    @Test
    void defragVisitsEveryMemberWithTheLeaderLast() throws Exception {
        try (Client c = connection().open()) {
            List<CompletableFuture<?>> puts = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                puts.add(c.getKVClient().put(bytes("/junk/key-" + i), bytes("j".repeat(4000))));
            }
            CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            long rev = c.getKVClient().delete(bytes("/junk/"), DeleteOption.builder().isPrefix(true).build())
                    .get(30, TimeUnit.SECONDS).getHeader().getRevision();
            c.getKVClient().compact(rev).get(30, TimeUnit.SECONDS);
        }

        CliRun run = gardenos("etcd", "defrag");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).startsWith("ENDPOINT").contains("LEADER").contains("DB_BYTES_BEFORE");
        assertThat(lines.subList(1, 4)).allSatisfy(l -> assertThat(l).startsWith("https://127.0."));
        assertThat(lines.subList(1, 3)).allSatisfy(l -> assertThat(l).contains(" no "));
        assertThat(lines.get(3)).as("leader last").contains(" yes ");
        assertThat(lines.get(4)).isEqualTo("defragmented 3 members, the leader last");

        CliRun json = gardenos("etcd", "defrag", "-o", "json");
        JsonNode members = new ObjectMapper().readTree(json.out()).get("members");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        assertThat(members).hasSize(3);
        assertThat(members.get(2).get("leader").asBoolean()).isTrue();
        assertThat(members.get(0).get("dbSizeAfter").asLong()).isPositive();
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
