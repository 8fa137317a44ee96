package org.gardenos.postgres.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gardenos.postgres.PostgresFixtures.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gardenos.testkit.Prerequisites;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both flavors' pg_hba, loaded by a real PostgreSQL 15 (Debian's package) with SSL on: the server starts with it
 * (an unparsable pg_hba.conf stops the start) and {@code pg_hba_file_rules} reports every line, none with an error.
 * The server listens on a unix socket in a temporary directory only.
 */
class PgHbaOnRealPostgresTest {
    private static final String BIN = "/usr/lib/postgresql/15/bin/";
    private Path dir;

    @AfterEach
    void stop() throws Exception {
        if (dir != null) {
            run("runuser", "-u", "postgres", "--", BIN + "pg_ctl", "-D", dir.resolve("data").toString(), "-m",
                    "immediate", "stop");
            run("rm", "-rf", dir.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  flavor: patroni\n  image: localhost/patroni:1\n  allowedNetworks: [172.21.0.0/16, 203.0.113.0/24]\n"})
    void postgresLoadsEveryRuleWithoutError(String section) throws Exception {
        Prerequisites.requireRoot();
        Prerequisites.requireCommands(BIN + "initdb", BIN + "pg_ctl", "runuser", "openssl", "psql");
        List<String> lines = cluster(section).pgHba().lines();
        dir = Files.createTempDirectory("gardenos-pghba", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        run("chown", "postgres:", dir.toString());
        String data = dir.resolve("data").toString();
        assertThat(run("runuser", "-u", "postgres", "--", BIN + "initdb", "-D", data, "-U", "postgres",
                "--auth=trust")).startsWith("0:");
        assertThat(run("runuser", "-u", "postgres", "--", "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-subj", "/CN=pghba-test", "-days", "1", "-keyout", dir.resolve("server.key").toString(),
                "-out", dir.resolve("server.crt").toString())).startsWith("0:");
        Path hba = dir.resolve("data/pg_hba.conf");
        Files.writeString(hba, String.join("\n", lines) + "\n");
        String options = "-c listen_addresses='' -c unix_socket_directories=" + dir + " -c ssl=on"
                + " -c ssl_cert_file=" + dir.resolve("server.crt") + " -c ssl_key_file=" + dir.resolve("server.key");
        assertThat(run("runuser", "-u", "postgres", "--", BIN + "pg_ctl", "-D", data, "-o", options, "-w", "-t", "60",
                "-l", dir.resolve("log").toString(), "start")).as(log()).startsWith("0:");
        String rules = run("runuser", "-u", "postgres", "--", "psql", "-h", dir.toString(), "-U", "postgres",
                "-d", "postgres", "-Atc", "select line_number || ' ' || coalesce(error, 'ok') from pg_hba_file_rules");
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= lines.size(); i++) {
            expected.add(i + " ok");
        }
        assertThat(rules).startsWith("0:");
        assertThat(rules.substring(2).lines().toList()).containsExactlyElementsOf(expected);
    }

    private String log() throws IOException {
        Path log = dir.resolve("log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() + ":" + output.strip();
    }
}
