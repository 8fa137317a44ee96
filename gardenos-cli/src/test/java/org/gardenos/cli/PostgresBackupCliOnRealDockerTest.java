package org.gardenos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Module;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gardenos.postgres.backup.DockerEngine;
import org.gardenos.postgres.backup.LocalPostgres;
import org.gardenos.postgres.backup.SupabaseShapedContainer;
import org.gardenos.remote.ssh.LoopbackSshHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code gardenos postgres backup|migrate|restore} end to end, through the CLI (in-process, its real Guice wiring and
 * its real SSH connector with a strict known_hosts), against real software: a real Docker engine (Debian's docker.io)
 * running the Supabase-shaped PostgreSQL 15 container, reached over core's real loopback sshd at an address that is
 * not an inventory host; the restore target a real PostgreSQL 15 made with initdb ({@code LocalPostgres}), not the
 * Kubernetes cluster. Checks what scripts rely on: the backup's path as the last line of stdout, progress on stderr,
 * exit 0, 1 and 2 where they apply, one line on stderr for a failure.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresBackupCliOnRealDockerTest {
    private static final String SSH_ADDRESS = "127.0.0.69";
    private static Path base;
    private static DockerEngine docker;
    private static LoopbackSshHost ssh;
    private static LocalPostgres target;
    private static Path inventory;
    private static Path backup;

    @BeforeAll
    static void start() throws Exception {
        DockerEngine.requirePrerequisites();
        LocalPostgres.requirePrerequisites();
        LoopbackSshHost.requirePrerequisites();
        base = LocalPostgres.traversableTempDirectory("gardenos-clibackup-");
        docker = DockerEngine.start(base.resolve("docker"));
        SupabaseShapedContainer.start(docker, base);
        ssh = LoopbackSshHost.start(base.resolve("ssh"), SSH_ADDRESS, "dockerhost");
        target = LocalPostgres.start(base.resolve("target"), "127.0.0.70", 55460);
        // three cluster nodes at documentation addresses (never contacted); the Docker host is not among them
        inventory = Files.writeString(base.resolve("gardenos.yaml"), TestInventoryFiles.THREE_NODES
                .replace("ssh:\n  privateKey: id_ed25519\n  knownHosts: known_hosts\n", ssh.inventorySshSection()));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {ssh, docker}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                System.out.println("cleanup: " + e);
            }
        }
        LocalPostgres.stopAll();
    }

    private static CliRun gardenos(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-f", inventory.toString(), "--state-dir", base.resolve("state").toString()));
        return CliRun.run(Map.of(), cli -> { }, new Module[0], all.toArray(String[]::new));
    }

    private static String targetUrl() {
        return "postgres://postgres:" + target.password() + "@127.0.0.70:55460/postgres?sslmode=disable";
    }

    private static List<Path> backups() throws IOException {
        Path dir = base.resolve("state").resolve("backups");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().equals(".lock")).sorted().toList();
        }
    }

    @Test
    @Order(1)
    void backupFromDockerOverSshPrintsThePathAsTheLastStdoutLineAndProgressOnStderr() throws Exception {
        CliRun run = gardenos("postgres", "backup", "--from-docker", SSH_ADDRESS + "/" + SupabaseShapedContainer.NAME,
                "--docker-host", docker.host());
        System.out.println("postgres backup: " + run);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> out = run.out().lines().toList();
        backup = Path.of(out.get(out.size() - 1));
        assertThat(backup).isRegularFile().hasParent(base.resolve("state").resolve("backups"));
        assertThat(backup.getFileName().toString()).startsWith("docker_" + SSH_ADDRESS + "_supabase-db-").endsWith(".tar");
        assertThat(backup.resolveSibling(backup.getFileName().toString().replace(".tar", ".manifest.json")))
                .isRegularFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup))).isEqualTo("rw-------");
        assertThat(run.err()).contains("dump of postgres: ").contains("/s)");
        assertThat(run.out()).doesNotContain("dump of");
    }

    @Test
    @Order(2)
    void aDatabaseTheSourceLacksIsOneLineExit2AndWritesNothing() throws Exception {
        List<Path> before = backups();
        CliRun run = gardenos("postgres", "backup", "--from-docker", SSH_ADDRESS + "/" + SupabaseShapedContainer.NAME,
                "--docker-host", docker.host(), "--database", "nosuch");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().toList()).singleElement().asString()
                .contains("--database: docker:" + SSH_ADDRESS + "/supabase-db has no database 'nosuch' (it has: postgres)");
        assertThat(backups()).isEqualTo(before);
    }

    @Test
    @Order(3)
    void migrateIntoTheRealServerEndsAllEqualWithExit0() {
        CliRun run = gardenos("postgres", "migrate", backup.toString(), "--to-url", targetUrl());
        System.out.println("postgres migrate: " + run);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> out = run.out().lines().toList();
        assertThat(out).contains("plan: roles to create: anon, authenticated, authenticator, service_role,"
                + " supabase_admin");
        assertThat(out.get(out.size() - 1)).startsWith("all equal: 4 tables, 57000 rows, in ");
        assertThat(run.out()).doesNotContain(target.password());
    }

    @Test
    @Order(4)
    void migrateOntoTheNowNonEmptyTargetIsRefusedInOneLineWithExit1() {
        CliRun run = gardenos("postgres", "migrate", backup.toString(), "--to-url", targetUrl());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().toList()).singleElement().asString()
                .contains("refused: database postgres on postgres://postgres@127.0.0.70:55460/postgres?sslmode=disable"
                        + " is not empty (").contains("nothing was changed").doesNotContain(target.password());
    }

    @Test
    @Order(5)
    void restoreIntoAnotherDatabaseNameEndsAllEqualAndABadNameIsExit2() {
        CliRun bad = gardenos("postgres", "restore", backup.toString(), "--yes", "--to-url", targetUrl(),
                "--into-database", "supabase;");
        assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(2);
        assertThat(bad.err().lines().toList()).singleElement().asString()
                .contains("--into-database: 'supabase;' is not a database name");

        CliRun run = gardenos("postgres", "restore", backup.toString(), "--yes", "--to-url", targetUrl(),
                "--into-database", "supabase");
        System.out.println("postgres restore --into-database supabase: " + run);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> out = run.out().lines().toList();
        assertThat(out).anySatisfy(l -> assertThat(l).startsWith("plan: database postgres into database supabase:"
                + " create and restore 4 tables, 57000 rows"));
        assertThat(out).anySatisfy(l -> assertThat(l).matches("supabase  storage\\.objects +12000 rows  md5 [0-9a-f]{32}"));
        assertThat(out.get(out.size() - 1)).startsWith("all equal: 4 tables, 57000 rows, in ");
    }
}
