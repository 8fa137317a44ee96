package org.gardenos.postgres.roles;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gardenos.postgres.settings.PostgresSettings.Database;
import org.gardenos.postgres.settings.PostgresSettings.User;
import org.gardenos.postgres.validate.PsqlClient;
import org.gardenos.postgres.validate.PsqlClient.Endpoint;
import org.gardenos.testkit.Prerequisites;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The application users and databases script against a real PostgreSQL 15 (Debian's package; unix socket in a
 * temporary directory, the superuser by {@code trust} on it, every other role by {@code scram-sha-256}): roles and
 * databases are created, the users log in with their kept passwords (so GardenOS's own SCRAM verifier is one
 * PostgreSQL accepts), a second run executes nothing, a changed password is one change, and neither the script nor
 * the server's log holds a password. Not yet wired into {@code apply postgres}.
 */
class AppRolesOnRealPostgresTest {
    private static final String BIN = "/usr/lib/postgresql/15/bin/";
    private static final List<User> USERS = List.of(new User("app"), new User("reporting"));
    private static final List<Database> DATABASES = List.of(new Database("app", "app"), new Database("reports", "reporting"));
    private final PsqlClient psql = PsqlClient.onPath();
    private Path dir;

    @BeforeEach
    void start() throws Exception {
        Prerequisites.requireRoot();
        Prerequisites.requireCommands(BIN + "initdb", BIN + "pg_ctl", "runuser", "psql");
        dir = Files.createTempDirectory("gardenos-roles", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        run("chown", "postgres:", dir.toString());
        String data = dir.resolve("data").toString();
        assertThat(run("runuser", "-u", "postgres", "--", BIN + "initdb", "-D", data, "-U", "postgres",
                "--auth=trust")).startsWith("0:");
        Files.writeString(dir.resolve("data/pg_hba.conf"), "local all postgres trust\nlocal all all scram-sha-256\n");
        String options = "-c listen_addresses='' -c unix_socket_directories=" + dir + " -c log_statement=all";
        assertThat(run("runuser", "-u", "postgres", "--", BIN + "pg_ctl", "-D", data, "-o", options, "-w", "-t", "60",
                "-l", dir.resolve("log").toString(), "start")).startsWith("0:");
    }

    @AfterEach
    void stop() throws Exception {
        if (dir != null) {
            run("runuser", "-u", "postgres", "--", BIN + "pg_ctl", "-D", dir.resolve("data").toString(), "-m",
                    "immediate", "stop");
            run("rm", "-rf", dir.toString());
        }
    }

    @Test
    void createsRolesAndDatabasesOnceAndTheUsersLogInWithTheirKeptPasswords() throws Exception {
        Map<String, String> passwords = Map.of("app", "Kept0Password0App0xxxxxxxxxxxxxx",
                "reporting", "Kept0Password0Rep0xxxxxxxxxxxxxx");
        String script = AppRolesSql.script(USERS, DATABASES, passwords);
        passwords.values().forEach(p -> assertThat(script).doesNotContain(p));

        PsqlClient.Result plan = psql.runScript(superuser(), "disable", AppRolesSql.plan(USERS, DATABASES, passwords));
        assertThat(plan.stdout().lines()).as("the plan executes nothing but lists each statement").hasSize(4)
                .allMatch(l -> l.startsWith("CREATE ROLE ") || l.startsWith("CREATE DATABASE "));
        PsqlClient.Result first = psql.runScript(superuser(), "disable", script);
        assertThat(first.ok()).as(first.message()).isTrue();
        assertThat(first.stdout().lines()).containsExactly("CREATE ROLE", "CREATE ROLE", "CREATE DATABASE",
                "CREATE DATABASE");
        assertThat(AppRolesSql.changes(first.stdout())).isEqualTo(4);

        PsqlClient.Result second = psql.runScript(superuser(), "disable", AppRolesSql.script(USERS, DATABASES, passwords));
        assertThat(second.ok()).as(second.message()).isTrue();
        assertThat(AppRolesSql.changes(second.stdout())).as("a second run changes nothing").isZero();
        assertThat(psql.runScript(superuser(), "disable", AppRolesSql.plan(USERS, DATABASES, passwords)).stdout())
                .as("nor would a third").isEmpty();

        assertThat(psql.run(as("app", passwords.get("app")), "disable", "select current_user").stdout()).isEqualTo("app");
        assertThat(psql.run(as("reporting", passwords.get("reporting")), "disable", "select current_user").stdout())
                .isEqualTo("reporting");
        PsqlClient.Result wrong = psql.run(as("app", "not-the-password"), "disable", "select 1");
        assertThat(wrong.ok()).as("the login check is not vacuous").isFalse();
        assertThat(wrong.message()).contains("password authentication failed");
        assertThat(psql.run(superuser(), "disable", "select datname || ':' || pg_get_userbyid(datdba) from pg_database"
                + " where datname in ('app', 'reports') order by 1").stdout().lines())
                .containsExactly("app:app", "reports:reporting");

        String log = Files.readString(dir.resolve("log"), StandardCharsets.UTF_8);
        assertThat(log).as("the server logged the statements (log_statement=all)").contains("CREATE ROLE");
        passwords.values().forEach(p -> assertThat(log).doesNotContain(p));
    }

    @Test
    void aChangedKeptPasswordIsOneChangeAndTheNewOneLogsIn() {
        psql.runScript(superuser(), "disable", AppRolesSql.script(USERS, DATABASES,
                Map.of("app", "Old0Password0xxxxxxxxxxxxxxxxxxx", "reporting", "Rep0Password0xxxxxxxxxxxxxxxxxxx")));
        PsqlClient.Result changed = psql.runScript(superuser(), "disable", AppRolesSql.script(USERS, DATABASES,
                Map.of("app", "New0Password0xxxxxxxxxxxxxxxxxxx", "reporting", "Rep0Password0xxxxxxxxxxxxxxxxxxx")));
        assertThat(changed.stdout().lines()).containsExactly("ALTER ROLE");
        assertThat(psql.run(as("app", "New0Password0xxxxxxxxxxxxxxxxxxx"), "disable", "select 1").ok()).isTrue();
        assertThat(psql.run(as("app", "Old0Password0xxxxxxxxxxxxxxxxxxx"), "disable", "select 1").ok()).isFalse();
    }

    private Endpoint superuser() {
        return new Endpoint(dir.toString(), 5432, "postgres", "unused-trust");
    }

    private Endpoint as(String user, String password) {
        return new Endpoint(dir.toString(), 5432, user, password);
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() + ":" + output.strip();
    }
}
