package org.gardenos.postgres.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.gardenos.engine.Poll;
import org.gardenos.etcd.access.EtcdPasswords;
import org.gardenos.etcd.pki.EtcdPki;
import org.gardenos.etcd.support.GatewayLogin;
import org.gardenos.etcd.support.HardenedEtcd;
import org.gardenos.postgres.PostgresFixtures;
import org.gardenos.postgres.model.ClusterContext;
import org.gardenos.postgres.model.PatroniCluster;
import org.gardenos.postgres.model.PatroniClusterFactory;
import org.gardenos.secret.GeneratedSecret;
import org.gardenos.state.StateDir;
import org.gardenos.testkit.Prerequisites;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's real Patroni (3.0.2, PostgreSQL 15) started by the rendered launcher with the rendered patroni.yml against a
 * real etcd hardened as {@code apply etcd} hardens it (TLS, client-certificate auth, the access policy, auth on): it
 * logs in as user {@code patroni} with the password the launcher exported, through etcd's v3 gateway with the
 * certificate without CN, and becomes leader. Only what a pod provides differs from the pod: the files' directories
 * (moved into a temp directory owned by the {@code postgres} OS user, as PostgreSQL refuses root), loopback addresses,
 * no server TLS (the DCS login is under test, not PostgreSQL's SSL) and no role-label callback (no Kubernetes API).
 */
class PatroniLogsInToHardenedEtcdTest {
    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

    @TempDir
    Path tmp;
    private HardenedEtcd etcd;
    private Process patroni;
    private Path dir;
    private URI endpoint;

    @AfterEach
    void stop() throws Exception {
        if (patroni != null) {
            patroni.destroy();
            if (!patroni.waitFor(60, TimeUnit.SECONDS)) {
                patroni.destroyForcibly();
            }
        }
        if (dir != null && Files.exists(dir.resolve("data/pgdata/postmaster.pid"))) {
            new ProcessBuilder("runuser", "-u", "postgres", "--", BIN.resolve("pg_ctl").toString(), "-D",
                    dir.resolve("data/pgdata").toString(), "-m", "immediate", "stop").inheritIO().start()
                    .waitFor(30, TimeUnit.SECONDS);
        }
        if (etcd != null) {
            etcd.close();
        }
        if (dir != null) {
            new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void debiansPatroniLogsInWithTheLaunchersPasswordAndBecomesLeader() throws Exception {
        String etcdPassword = startPatroni(UnaryOperator.identity());
        GatewayLogin asPatroni = GatewayLogin.login(endpoint, etcd.pki(), "patroni", "patroni", etcdPassword);
        String leader = Poll.until("Patroni leader in etcd", Duration.ofSeconds(150), Duration.ofSeconds(1),
                () -> leaderKey(asPatroni), v -> !patroni.isAlive()
                        || v.equals("authpg-0") && log().contains("the leader with the lock"),
                v -> new IllegalStateException("no leader; Patroni's log: " + log()));
        assertThat(patroni.isAlive()).as("Patroni running; log: " + log()).isTrue();
        assertThat(leader).isEqualTo("authpg-0");
        String log = log();
        assertThat(log).contains("Trying to authenticate on Etcd", "I am (authpg-0), the leader with the lock")
                .doesNotContain("CommonName", "Username or password not set", "authentication failed");
        // the launcher's password is in no log and in no process's arguments
        assertThat(log).doesNotContain(etcdPassword);
        assertThat(commandLinesHolding(etcdPassword)).isEmpty();
    }

    /**
     * Why the launcher also exports PATRONI_ETCD3_PROTOCOL: without it Patroni 3.0.2 never puts the password into its
     * etcd3 section (config.py builds that section from the environment only when a PATRONI_ETCD3_ setting it knows
     * is set) and gives up on etcd with the user but no password.
     */
    @Test
    void withoutTheProtocolVariablePatroniNeverUsesThePassword() throws Exception {
        String etcdPassword = startPatroni(script -> script.replace(
                "PATRONI_ETCD3_PROTOCOL=https\nexport PATRONI_ETCD3_PROTOCOL\n", ""));
        GatewayLogin asPatroni = GatewayLogin.login(endpoint, etcd.pki(), "patroni", "patroni", etcdPassword);
        Poll.until("Patroni refused by etcd", Duration.ofSeconds(90), Duration.ofSeconds(1), this::log,
                l -> l.contains("Username or password not set") || !patroni.isAlive(),
                l -> new IllegalStateException("no refusal; Patroni's log: " + l));
        assertThat(log()).doesNotContain("Trying to authenticate on Etcd");
        assertThat(leaderKey(asPatroni)).isEmpty();
    }

    /** Sets up the files as a pod has them, starts the launcher as the postgres user; the etcd password. */
    private String startPatroni(UnaryOperator<String> launcherEdit) throws Exception {
        Prerequisites.requireRoot();
        Prerequisites.requireCommands("patroni", "runuser", BIN.resolve("postgres").toString());
        StateDir state = StateDir.open(tmp.resolve("state"));
        etcd = HardenedEtcd.start(state, 1);
        endpoint = etcd.endpoints().get(0);
        int restPort = freePort();
        int pgPort = freePort();
        PatroniCluster c = PatroniClusterFactory.build(PostgresFixtures.settings("  flavor: patroni\n"
                        + "  image: localhost/gardenos/patroni:3.0.2-pg15\n  scope: authpg\n"),
                new ClusterContext(List.of(endpoint.getHost() + ":" + endpoint.getPort()), true,
                        Optional.of("patroni"), "127.0.0.0/8", PostgresFixtures.CONTEXT.nodes()));

        // a directory the postgres OS user owns, outside the root-only temp dir
        dir = Files.createTempDirectory(Path.of("/tmp"), "gardenos-patroni-auth-");
        Path tls = Files.createDirectories(dir.resolve("etcd"));
        EtcdPki.CertFiles client = etcd.pki().client("patroni");
        Files.copy(etcd.pki().caCert(), tls.resolve("ca.crt"));
        Files.copy(client.cert(), tls.resolve("tls.crt"));
        Files.copy(client.key(), tls.resolve("tls.key"));
        Path passwords = Files.createDirectories(dir.resolve("passwords"));
        String etcdPassword = new EtcdPasswords(state).kept("patroni").orElseThrow();
        Files.writeString(passwords.resolve("etcd"), etcdPassword);
        for (String file : List.of("superuser", "replication", "restapi")) {
            Files.writeString(passwords.resolve(file), GeneratedSecret.generate(32));
        }
        Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("run"));
        String yml = PatroniConfig.yaml(local(PatroniConfig.patroniYml(c)))
                .replace(c.layout().etcdTlsDirectory(), tls.toString())
                .replace(c.layout().dataMount(), dir.resolve("data").toString())
                .replace("0.0.0.0:8008", "127.0.0.1:" + restPort)
                .replace("0.0.0.0:5432", "127.0.0.1:" + pgPort)
                .replace("/tmp/pgpass", dir.resolve("pgpass").toString())
                .replace("/var/run/postgresql", dir.resolve("run").toString());
        assertThat(yml).as("the ConfigMap's file names the user, never the password")
                .contains("  username: patroni\n").doesNotContain(etcdPassword);
        Files.writeString(dir.resolve(PatroniConfig.FILE), yml);
        Files.writeString(dir.resolve(PatroniEnvironment.LAUNCHER), launcherEdit.apply(PatroniEnvironment.launcherScript(c))
                .replace(c.layout().passwordDirectory(), passwords.toString())
                .replace(c.layout().configFileDirectory() + "/" + PatroniConfig.FILE,
                        dir.resolve(PatroniConfig.FILE).toString()));
        run("chown", "-R", "postgres:postgres", dir.toString());
        run("chmod", "-R", "go-rwx", dir.toString());

        // the pod's environment (PatroniEnvironment.env) with loopback addresses; runuser drops the rest
        ProcessBuilder pb = new ProcessBuilder("runuser", "-u", "postgres", "--", "env",
                "PATRONI_NAME=authpg-0",
                "PATRONI_RESTAPI_CONNECT_ADDRESS=127.0.0.1:" + restPort,
                "PATRONI_POSTGRESQL_CONNECT_ADDRESS=127.0.0.1:" + pgPort,
                "PATRONI_SUPERUSER_USERNAME=" + c.superuser().username(),
                "PATRONI_REWIND_USERNAME=" + c.superuser().username(),
                "PATRONI_REPLICATION_USERNAME=" + c.replication().username(),
                "PATRONI_RESTAPI_USERNAME=" + c.restApi().username(),
                "sh", dir.resolve(PatroniEnvironment.LAUNCHER).toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("patroni.log").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("PATRONI_"));
        patroni = pb.start();
        return etcdPassword;
    }

    /** Loopback only: no server TLS, no Kubernetes callback (see the class comment); everything else as rendered. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> local(Map<String, Object> yml) {
        Map<String, Object> postgresql = (Map<String, Object>) yml.get("postgresql");
        postgresql.remove("callbacks");
        Map<String, Object> parameters = (Map<String, Object>) postgresql.get("parameters");
        parameters.keySet().removeAll(List.of("ssl", "ssl_cert_file", "ssl_key_file"));
        return yml;
    }

    private static String leaderKey(GatewayLogin asPatroni) {
        try {
            var r = asPatroni.get("/service/authpg/leader");
            var kvs = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).path("kvs");
            return kvs.isEmpty() ? "" : new String(java.util.Base64.getDecoder().decode(kvs.get(0).path("value")
                    .asText()), StandardCharsets.UTF_8);
        } catch (Exception e) {
            return "";
        }
    }

    private String log() {
        try {
            return Files.readString(tmp.resolve("patroni.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static List<String> commandLinesHolding(String secret) throws IOException {
        try (var procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+")).filter(p -> {
                try {
                    return new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                            .contains(secret);
                } catch (IOException e) {
                    return false;
                }
            }).map(p -> p.getFileName().toString()).toList();
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(String.join(" ", command) + ": " + out)
                .isTrue();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
