package org.gardenos.postgres.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.gardenos.error.GardenException;
import org.gardenos.remote.ssh.LoopbackSshHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The issue 12 drills on real software: a real Docker engine (Debian's docker.io) running PostgreSQL 15 from Debian's
 * package with a Supabase-shaped database, backed up over a real sshd (core's LoopbackSshd; its `docker exec` runs
 * on this machine), restored into a real PostgreSQL 15 made with initdb/pg_ctl ({@link LocalPostgres}). The target is
 * a local server, NOT the postgres layer's cluster on Kubernetes: the same restore path (a URL to a primary), a
 * different server.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerBackupMigrationTest {
    private static Path base;
    private static DockerEngine docker;
    private static SupabaseShapedContainer source;
    private static LoopbackSshHost ssh;
    private static LocalPostgres target;
    private static Path backups;
    private static Path firstBackup;
    private static final List<String> SECRETS = new ArrayList<>();
    private static final ProcessWatch WATCH = new ProcessWatch();
    private static final ByteArrayOutputStream STDERR = new ByteArrayOutputStream();
    private static PrintStream originalErr;
    private static int nextPort = 55440;

    @BeforeAll
    static void start() throws Exception {
        DockerEngine.requirePrerequisites();
        LocalPostgres.requirePrerequisites();
        LoopbackSshHost.requirePrerequisites();
        base = LocalPostgres.traversableTempDirectory("gardenos-pgbackup-");
        originalErr = System.err;
        System.setErr(new PrintStream(new TeeStream(originalErr, STDERR), true, StandardCharsets.UTF_8));
        docker = DockerEngine.start(base.resolve("docker"));
        source = SupabaseShapedContainer.start(docker, base);
        SECRETS.addAll(source.rolePasswords);
        ssh = LoopbackSshHost.start(base.resolve("ssh"), "127.0.0.66", "dockerhost");
        target = newTarget();
        Files.createDirectory(base.resolve("state"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        backups = base.resolve("state").resolve("backups");
        WATCH.start(SECRETS);
    }

    @AfterAll
    static void stop() throws Exception {
        WATCH.stop();
        if (originalErr != null) {
            System.setErr(originalErr);
        }
        for (AutoCloseable c : new AutoCloseable[] {ssh, docker}) {
            if (c != null) {
                c.close();
            }
        }
        LocalPostgres.stopAll();
        if (base != null) {
            try {
                BackupDirectory.deleteTree(base);
            } catch (RuntimeException e) {
                System.out.println("left behind (could not remove): " + base + ": " + e.getMessage());
            }
        }
    }

    private static LocalPostgres newTarget() throws Exception {
        int port = nextPort++;
        LocalPostgres pg = LocalPostgres.start(base.resolve("target-" + port), "127.0.0.67", port);
        SECRETS.add(pg.password());
        return pg;
    }

    private static DockerEndpoint dockerSource() {
        return new DockerEndpoint(ssh.remote(), SupabaseShapedContainer.NAME, "postgres", Optional.of(docker.host()),
                Duration.ofMinutes(10));
    }

    private static PgClientTools tools(LocalPostgres pg) {
        return new PgClientTools(pg.url(), backups, LocalPostgres.BIN);
    }

    @Test
    @Order(1)
    void migrationDrillTheContainersDataArrivesWithEveryCountChecksumAndSequenceEqual() throws Exception {
        long started = System.nanoTime();
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        firstBackup = new BackupService(Clock.systemUTC()).backup(dockerSource(), List.of(), backups,
                new Progress(new java.io.PrintWriter(progress, true, StandardCharsets.UTF_8)));
        Manifest manifest = Manifest.besides(firstBackup);
        assertThat(manifest.source()).isEqualTo("docker:dockerhost/supabase-db");
        assertThat(manifest.major()).isEqualTo(15);
        assertThat(manifest.roles()).contains("anon", "authenticated", "authenticator", "service_role", "supabase_admin");
        DatabaseState db = manifest.database("postgres").orElseThrow();
        assertThat(db.tables()).extracting(DatabaseState.TableState::qualified)
                .containsExactly("auth.users", "public.order_events", "public.orders", "storage.objects");
        assertThat(db.tables()).allSatisfy(t -> assertThat(t.rows()).isGreaterThanOrEqualTo(10_000));
        assertThat(db.sequences()).contains(new DatabaseState.SequenceState("public", "invoice_no", "1041"),
                new DatabaseState.SequenceState("public", "never_used", null));
        assertThat(db.extensions()).extracting(DatabaseState.ExtensionState::name).contains("pgcrypto");
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("dump of postgres: ").contains("/s)");
        assertPrivate(firstBackup);

        MigrationReport report;
        try (PgClientTools into = tools(target)) {
            report = new MigrationService().migrate(firstBackup, into, new MigrationOptions(List.of(), false, false));
        }
        assertThat(report.differences()).isEmpty();
        assertThat(report.restored()).hasSize(1);
        System.out.printf("migration drill: %s -> %s in %d ms%n", manifest.source(), target.url(),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        for (DatabaseState.TableState t : report.restored().get(0).tables()) {
            System.out.printf("  %-22s %7d rows  md5 %s (equal)%n", t.qualified(), t.rows(), t.md5());
        }
        assertThat(report.restored().get(0)).isEqualTo(db);
    }

    @Test
    @Order(2)
    void oneChangedByteInTheBackupIsRefusedBeforeAnythingIsRestored() throws Exception {
        Path tampered = backups.resolve("tampered.tar");
        Files.copy(firstBackup, tampered, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Manifest.pathBesides(firstBackup), Manifest.pathBesides(tampered), StandardCopyOption.REPLACE_EXISTING);
        byte[] bytes = Files.readAllBytes(tampered);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(tampered, bytes);
        LocalPostgres fresh = newTarget();
        try (PgClientTools into = tools(fresh)) {
            Catalog catalog = new Catalog(new UrlEndpoint(into, "fresh"));
            ServerState before = catalog.server();
            assertThatThrownBy(() -> new MigrationService().migrate(tampered, into,
                    new MigrationOptions(List.of(), false, false)))
                    .isInstanceOf(GardenException.class)
                    .hasMessageContaining("does not match the manifest's " + Manifest.besides(firstBackup).sha256())
                    .hasMessageContaining("nothing was restored");
            assertThat(catalog.server()).isEqualTo(before);
            assertThat(catalog.userObjects("postgres", 10)).isEmpty();
        } finally {
            Files.delete(tampered);
            Files.delete(Manifest.pathBesides(tampered));
        }
    }

    @Test
    @Order(3)
    void aBackupOfANewerMajorIsRefusedWithTheReasonBeforeAnythingIsRestored() throws Exception {
        Path newer = backups.resolve("newer.tar");
        Files.copy(firstBackup, newer, StandardCopyOption.REPLACE_EXISTING);
        // the manifest claims PostgreSQL 16 (only 15 is installed here): the archive itself is intact
        String json = Files.readString(Manifest.pathBesides(firstBackup))
                .replaceFirst("\"serverVersionNum\" : 15\\d{4}", "\"serverVersionNum\" : 160004");
        Files.writeString(Manifest.pathBesides(newer), json);
        LocalPostgres fresh = newTarget();
        try (PgClientTools into = tools(fresh)) {
            assertThatThrownBy(() -> new MigrationService().migrate(newer, into,
                    new MigrationOptions(List.of(), false, false)))
                    .isInstanceOf(GardenException.class)
                    .hasMessageContaining("the backup is of PostgreSQL 16 and the target")
                    .hasMessageContaining("runs 15; a dump restores only into the same or a newer major version");
            assertThat(new Catalog(new UrlEndpoint(into, "fresh")).userObjects("postgres", 10)).isEmpty();
        } finally {
            Files.delete(newer);
            Files.delete(Manifest.pathBesides(newer));
        }
    }

    @Test
    @Order(3)
    void aRowDeletedOnTheTargetAfterTheRestoreMakesTheComparisonNameThatTable() throws Exception {
        try (PgClientTools into = tools(target)) {
            into.psql("postgres", "DELETE FROM public.orders WHERE id = 777;");
            List<String> differences = new MigrationService().compare(firstBackup, into, List.of());
            assertThat(differences).containsExactly(
                    "database postgres: table public.orders: 20000 rows in the backup, 19999 rows on the target");
            System.out.println("comparison after one deleted row: " + differences);
        }
    }

    @Test
    @Order(4)
    void aRestoreOntoANonEmptyTargetIsRefusedAndChangesNothing() throws Exception {
        try (PgClientTools into = tools(target)) {
            Catalog catalog = new Catalog(new UrlEndpoint(into, "target"));
            DatabaseState before = catalog.database("postgres");
            assertThatThrownBy(() -> new MigrationService().migrate(firstBackup, into,
                    new MigrationOptions(List.of(), false, false)))
                    .isInstanceOf(GardenException.class)
                    .hasMessageContaining("database postgres on " + target.url() + " is not empty (")
                    .hasMessageContaining("table auth.users").hasMessageContaining("nothing was changed");
            assertThat(catalog.database("postgres")).isEqualTo(before);
            assertThatThrownBy(() -> new MigrationService().migrate(firstBackup, into,
                    new MigrationOptions(List.of(), false, true)))
                    .hasMessageContaining("--replace never drops database postgres");
            assertThat(catalog.database("postgres")).isEqualTo(before);
        }
    }

    @Test
    @Order(5)
    void theSupabaseDatabasePostgresRestoresIntoAnotherNameWhenTheTargetsPostgresIsTaken() throws Exception {
        // the target's postgres is not empty (step 1 restored into it): the Spilo case, solved by another name
        try (PgClientTools into = tools(target)) {
            MigrationOptions options = new MigrationOptions(List.of("postgres"), false, false, Optional.of("supabase"));
            MigrationReport dry = new MigrationService().migrate(firstBackup, into, new MigrationOptions(
                    List.of("postgres"), true, false, Optional.of("supabase")));
            assertThat(dry.plan()).anySatisfy(l -> assertThat(l)
                    .startsWith("database postgres into database supabase: create and restore 4 tables, 57000 rows"));
            MigrationReport report = new MigrationService().migrate(firstBackup, into, options);
            assertThat(report.differences()).isEmpty();
            DatabaseState restored = report.restored().get(0);
            assertThat(restored.name()).isEqualTo("supabase");
            DatabaseState inBackup = Manifest.besides(firstBackup).database("postgres").orElseThrow();
            assertThat(restored.tables()).isEqualTo(inBackup.tables());
            assertThat(restored.sequences()).isEqualTo(inBackup.sequences());
            System.out.println("--into-database supabase: " + restored.rows() + " rows equal in "
                    + report.took().toMillis() + " ms");

            // the comparison is mapped to the new name: a row deleted there is named there
            into.psql("supabase", "DELETE FROM storage.objects WHERE name = 'obj/5/é';");
            assertThat(new MigrationService().compare(firstBackup, into, options)).containsExactly("database supabase:"
                    + " table storage.objects: 12000 rows in the backup (database postgres), 11999 rows on the target");
            // now the name is taken and not empty: refused, nothing changed
            DatabaseState before = new Catalog(new UrlEndpoint(into, "target")).database("supabase");
            assertThatThrownBy(() -> new MigrationService().migrate(firstBackup, into, options))
                    .isInstanceOf(GardenException.class)
                    .hasMessageContaining("database supabase on " + target.url() + " is not empty (");
            assertThat(new Catalog(new UrlEndpoint(into, "target")).database("supabase")).isEqualTo(before);
            into.psql("template1", "DROP DATABASE supabase;");
        }
        assertThatThrownBy(() -> new MigrationOptions(List.of(), false, false, Optional.of("bad name;")))
                .isInstanceOf(org.gardenos.error.InputException.class)
                .hasMessageStartingWith("--into-database: 'bad name;' is not a database name");
    }

    @Test
    @Order(6)
    void aBackupKilledHalfWayLeavesNoCompleteLookingFileAndTheNextRunSucceeds() throws Exception {
        List<Path> before = listing();
        AtomicBoolean killed = new AtomicBoolean();
        Progress killer = new Progress(null) {
            @Override
            public void bytes(long total) {
                if (total > 64 * 1024 && killed.compareAndSet(false, true)) {
                    // the docker exec client of this transfer: a descendant of our sshd, found by its pid
                    List<ProcessHandle> transfer = ProcessHandle.current().descendants()
                            .filter(p -> p.info().commandLine().orElse("").contains("pg_dump")
                                    && p.info().commandLine().orElse("").contains("exec")).toList();
                    assertThat(transfer).isNotEmpty();
                    transfer.forEach(ProcessHandle::destroyForcibly);
                }
            }
        };
        assertThatThrownBy(() -> new BackupService(Clock.systemUTC()).backup(dockerSource(), List.of(), backups, killer))
                .isInstanceOf(GardenException.class).hasMessageContaining("pg_dump");
        assertThat(killed).isTrue();
        assertThat(listing()).isEqualTo(before);
        Path next = new BackupService(Clock.systemUTC()).backup(dockerSource(), List.of(), backups, Progress.silent());
        BackupArchive.verify(next, Manifest.besides(next));
        assertPrivate(next);
    }

    @Test
    @Order(7)
    void ownBackupDropTableRestoreDrillOnALocalServerNotTheCluster() throws Exception {
        try (PgClientTools own = tools(target)) {
            own.psql("postgres", "CREATE DATABASE shop OWNER supabase_admin;");
            own.psql("shop", "CREATE TABLE items (id serial PRIMARY KEY, name text);"
                    + " INSERT INTO items (name) SELECT 'item ' || i FROM generate_series(1, 10000) i;"
                    + " CREATE TABLE baskets (id int PRIMARY KEY, item int REFERENCES items);"
                    + " INSERT INTO baskets SELECT i, i FROM generate_series(1, 500) i;");
            Path backup = new BackupService(Clock.systemUTC()).backup(new UrlEndpoint(own, "local-primary"),
                    List.of("shop"), backups, Progress.silent());
            own.psql("shop", "DROP TABLE baskets;");
            assertThat(new MigrationService().compare(backup, own, List.of()))
                    .containsExactly("database shop: table public.baskets: 500 rows in the backup, missing on the target");
            DatabaseState dropped = new Catalog(new UrlEndpoint(own, "own")).database("shop");
            MigrationReport dry = new MigrationService().migrate(backup, own,
                    new MigrationOptions(List.of("shop"), true, true));
            assertThat(dry.dryRun()).isTrue();
            assertThat(dry.plan()).anySatisfy(l -> assertThat(l).startsWith("database shop: drop, create and restore 2 tables, 10500 rows"));
            assertThat(new Catalog(new UrlEndpoint(own, "own")).database("shop")).isEqualTo(dropped);
            MigrationReport report = new MigrationService().migrate(backup, own,
                    new MigrationOptions(List.of("shop"), false, true));
            assertThat(report.differences()).isEmpty();
            assertThat(report.restored().get(0).tables()).extracting(DatabaseState.TableState::qualified)
                    .containsExactly("public.baskets", "public.items");
            System.out.println("own backup + drop table + restore (local PostgreSQL 15, not the Kubernetes cluster): "
                    + report.restored().get(0).rows() + " rows equal in " + report.took().toMillis() + " ms");
        }
    }

    @Test
    @Order(8)
    void noPasswordInArgumentsEnvironmentsLogsOrWorldReadableFiles() throws Exception {
        WATCH.stop();
        assertThat(WATCH.scans()).isGreaterThan(10);
        assertThat(WATCH.hits()).isEmpty();
        String logs = STDERR.toString(StandardCharsets.UTF_8);
        assertThat(logs).isNotEmpty();
        SECRETS.forEach(s -> assertThat(logs).doesNotContain(s));
        try (Stream<Path> files = Files.walk(base.resolve("state"))) {
            for (Path p : files.toList()) {
                var perms = Files.getPosixFilePermissions(p);
                assertThat(perms).as(p.toString()).doesNotContain(PosixFilePermission.GROUP_READ,
                        PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE);
            }
        }
        try (Stream<Path> files = Files.walk(base).filter(p -> !p.startsWith(base.resolve("docker")))
                .filter(Files::isRegularFile)) {
            for (Path p : files.toList()) {
                if (Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_READ)) {
                    String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                    SECRETS.forEach(s -> assertThat(text).as(p.toString()).doesNotContain(s));
                }
            }
        }
    }

    private static void assertPrivate(Path archive) throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(archive))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Manifest.pathBesides(archive))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(archive.getParent())))
                .isEqualTo("rwx------");
    }

    private static List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(backups)) {
            return s.filter(p -> !p.getFileName().toString().equals(".lock")).sorted().toList();
        }
    }
}
