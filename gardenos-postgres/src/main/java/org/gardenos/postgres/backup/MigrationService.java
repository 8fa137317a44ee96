package org.gardenos.postgres.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.gardenos.error.GardenException;
import org.gardenos.error.InputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a backup into a PostgreSQL primary and proves it arrived. In this order, stopping at the first failure:
 * the archive's sha256 against its manifest; the target is a primary (not in recovery) of the same or a newer
 * major version, and this machine's pg_restore can read the dump; every target database is absent or empty (else
 * refused, naming what is there, unless {@code replace}); then roles (only those the target lacks), each database
 * by pg_restore in one transaction; then every table's rows and checksum, every sequence and extension measured on
 * the target and compared with the manifest. A database this run created is dropped again when its restore fails.
 * With {@code intoDatabase}, the one chosen database is restored under that name and compared under it.
 */
public final class MigrationService {
    private static final Logger LOG = LoggerFactory.getLogger(MigrationService.class);
    /** The database the cluster's own management (Patroni, Spilo) connects to: never dropped. */
    static final String MAINTENANCE_DB = "postgres";

    public MigrationReport migrate(Path archive, PgClientTools target, MigrationOptions options) {
        long started = System.nanoTime();
        Manifest manifest = Manifest.besides(archive);
        BackupArchive.verify(archive, manifest);
        List<String> databases = chosen(manifest, options);
        UrlEndpoint endpoint = new UrlEndpoint(target, target.url().toString());
        Catalog catalog = new Catalog(endpoint);
        ServerState server = requireUsableTarget(target, catalog, manifest);
        List<String> plan = new ArrayList<>();
        Map<String, Boolean> exists = databases.stream()
                .collect(Collectors.toMap(d -> d, d -> server.databases().contains(options.targetOf(d))));
        for (String db : databases) {
            DatabaseState want = manifest.database(db).orElseThrow();
            String into = options.targetOf(db);
            if (exists.get(db)) {
                requireEmptyOrReplace(target, catalog, into, options);
            }
            plan.add("database " + db + (into.equals(db) ? "" : " into database " + into) + ": "
                    + (exists.get(db) ? (options.replace() ? "drop, create" : "existing, empty") : "create")
                    + " and restore " + want.tables().size() + " tables, " + want.rows() + " rows, "
                    + want.sequences().size() + " sequences, extensions " + want.extensions().stream()
                    .map(DatabaseState.ExtensionState::name).toList());
        }
        List<String> newRoles = manifest.roles().stream().filter(r -> !server.roles().contains(r)).toList();
        plan.add("roles to create: " + (newRoles.isEmpty() ? "none" : String.join(", ", newRoles)));
        if (options.dryRun()) {
            return new MigrationReport(true, plan, List.of(), List.of(), Duration.ofNanos(System.nanoTime() - started));
        }
        Path work = workDir(archive);
        try {
            BackupArchive.extract(archive, manifest, work);
            restoreRoles(target, work, server);
            for (String db : databases) {
                restoreDatabase(target, manifest, db, options.targetOf(db), exists.get(db), options.replace(), work);
            }
        } finally {
            BackupDirectory.deleteTree(work);
        }
        List<DatabaseState> restored = new ArrayList<>();
        List<String> differences = compare(manifest, new Catalog(endpoint), databases, options, restored);
        return new MigrationReport(false, plan, restored, differences, Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * Measures {@code databases} (empty: all of the backup's) on the target and compares them with the manifest
     * beside {@code archive}: every difference, naming the table and both values; empty when all are equal.
     */
    public List<String> compare(Path archive, PgClientTools target, List<String> databases) {
        return compare(archive, target, new MigrationOptions(databases, false, false));
    }

    /** The same, with the databases and their target names ({@code --into-database}) as a restore chose them. */
    public List<String> compare(Path archive, PgClientTools target, MigrationOptions options) {
        Manifest manifest = Manifest.besides(archive);
        return compare(manifest, new Catalog(new UrlEndpoint(target, target.url().toString())),
                chosen(manifest, options), options, new ArrayList<>());
    }

    /** The manifest's numbers of each database against the target's database it was restored into. */
    private static List<String> compare(Manifest manifest, Catalog target, List<String> databases,
                                        MigrationOptions options, List<DatabaseState> measured) {
        List<String> differences = new ArrayList<>();
        for (String db : databases) {
            DatabaseState got = target.database(options.targetOf(db));
            measured.add(got);
            DatabaseState want = manifest.database(db).orElseThrow();
            DatabaseState expected = new DatabaseState(got.name(), want.owner(), want.tables(), want.sequences(),
                    want.extensions());
            differences.addAll(Comparison.differences(expected, got, "in the backup"
                    + (got.name().equals(db) ? "" : " (database " + db + ")"), "on the target"));
        }
        return differences;
    }

    private static List<String> chosen(Manifest manifest, MigrationOptions options) {
        List<String> all = manifest.dumps().stream().map(Manifest.Dump::database).toList();
        options.databases().stream().filter(d -> !all.contains(d)).findFirst().ifPresent(d -> {
            throw new InputException("--database: the backup holds no database '" + d + "' (it holds: "
                    + String.join(", ", all) + ")");
        });
        List<String> chosen = options.databases().isEmpty() ? all : options.databases();
        if (options.intoDatabase().isPresent() && chosen.size() != 1) {
            throw new InputException("--into-database: restores one database under another name, and "
                    + chosen.size() + " are chosen (" + String.join(", ", chosen) + "); pick one with --database");
        }
        return chosen;
    }

    private static ServerState requireUsableTarget(PgClientTools target, Catalog catalog, Manifest manifest) {
        ServerState server = catalog.server();
        List<String> recovery = Bounded.lines(target.psql(MAINTENANCE_DB, "SELECT pg_is_in_recovery();"));
        if (!recovery.equals(List.of("f"))) {
            throw new GardenException(target.url() + " is a replica (in recovery): restore through the primary");
        }
        if (server.major() < manifest.major()) {
            throw new GardenException("refused: the backup is of PostgreSQL " + manifest.major() + " and the target "
                    + target.url() + " runs " + server.major() + "; a dump restores only into the same or a newer"
                    + " major version");
        }
        int client = target.clientMajor();
        if (client < manifest.major()) {
            throw new GardenException("refused: this machine's pg_restore is version " + client + ", older than the"
                    + " backup's PostgreSQL " + manifest.major() + " (install postgresql-client-" + manifest.major() + ")");
        }
        return server;
    }

    private static void requireEmptyOrReplace(PgClientTools target, Catalog catalog, String db,
                                              MigrationOptions options) {
        List<String> objects = catalog.userObjects(db, 10);
        if (objects.isEmpty()) {
            return;
        }
        if (!options.replace()) {
            throw new GardenException("refused: database " + db + " on " + target.url() + " is not empty ("
                    + String.join(", ", objects) + (objects.size() == 10 ? ", ..." : "") + "); nothing was changed"
                    + " (--replace drops and re-creates it)");
        }
        if (db.equals(MAINTENANCE_DB)) {
            throw new GardenException("refused: --replace never drops database " + MAINTENANCE_DB + " (the cluster's"
                    + " management connects to it) and it is not empty (" + String.join(", ", objects)
                    + "); nothing was changed");
        }
    }

    private static void restoreRoles(PgClientTools target, Path work, ServerState server) {
        try {
            String globals = Files.readString(work.resolve(Manifest.GLOBALS_ENTRY), StandardCharsets.UTF_8);
            GlobalsFilter.Result roles = GlobalsFilter.filter(globals, new HashSet<>(server.roles()));
            target.psql(MAINTENANCE_DB, roles.script());
            LOG.info("roles created: {}; already there (left as they are): {}", roles.created(), roles.skipped());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the roles of the backup: " + e.getMessage(), e);
        }
    }

    private static void restoreDatabase(PgClientTools target, Manifest manifest, String db, String into,
                                        boolean existed, boolean replace, Path work) {
        DatabaseState want = manifest.database(db).orElseThrow();
        boolean created = !existed || replace;
        if (existed && replace) {
            target.psql("template1", "DROP DATABASE " + Catalog.ident(into) + " WITH (FORCE);");
        }
        if (created) {
            target.psql("template1", "CREATE DATABASE " + Catalog.ident(into) + " OWNER " + Catalog.ident(want.owner())
                    + " TEMPLATE template0;");
        }
        String entry = manifest.dumps().stream().filter(d -> d.database().equals(db)).findFirst().orElseThrow().entry();
        try {
            target.pgRestore(into, work.resolve(entry));
        } catch (RuntimeException e) {
            if (created) {
                target.psql("template1", "DROP DATABASE IF EXISTS " + Catalog.ident(into) + " WITH (FORCE);");
            }
            throw e;
        }
        LOG.info("database {} restored into {} as {}", db, target.url(), into);
    }

    private static Path workDir(Path archive) {
        try {
            return Files.createTempDirectory(archive.toAbsolutePath().getParent(), ".work-restore-",
                    BackupDirectory.DIR_0700);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a work directory beside " + archive + ": " + e.getMessage(), e);
        }
    }
}
