package org.gardenos.postgres.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.gardenos.error.GardenException;
import org.gardenos.error.InputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a backup of a PostgreSQL server ({@link SqlEndpoint}) into a backup directory: per database a
 * {@code pg_dump --format=custom} and its measured state (rows, checksums, sequences), plus
 * {@code pg_dumpall --globals-only} (roles, password hashes: 0600 like everything here). The state is measured
 * before and after the dump and must be equal, so a database written to during the backup is refused rather than
 * recorded with numbers its dump does not hold. Result: {@code NAME.tar} and {@code NAME.manifest.json}.
 */
public final class BackupService {
    private static final Logger LOG = LoggerFactory.getLogger(BackupService.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Clock clock;

    public BackupService(Clock clock) {
        this.clock = clock;
    }

    /** Backs up {@code databases} (empty: every database that accepts connections); returns the archive's path. */
    public Path backup(SqlEndpoint source, List<String> databases, Path backupsDir, Progress progress) {
        Catalog catalog = new Catalog(source);
        ServerState server = catalog.server();
        List<String> chosen = databases.isEmpty() ? server.databases() : databases;
        chosen.stream().filter(d -> !server.databases().contains(d)).findFirst().ifPresent(d -> {
            throw new InputException("--database: " + source.describe() + " has no database '" + d + "' (it has: "
                    + String.join(", ", server.databases()) + ")");
        });
        String name = source.describe().replaceAll("[^A-Za-z0-9._-]+", "_") + "-" + STAMP.format(clock.instant());
        try (BackupDirectory dir = BackupDirectory.open(backupsDir)) {
            Path work = dir.workDir(name);
            try {
                return write(source, catalog, server, chosen, dir.path(), work, name, progress);
            } finally {
                BackupDirectory.deleteTree(work);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("backup into " + backupsDir + " failed: " + e.getMessage(), e);
        }
    }

    private Path write(SqlEndpoint source, Catalog catalog, ServerState server, List<String> chosen, Path dir,
                       Path work, String name, Progress progress) throws IOException {
        List<DatabaseState> states = new ArrayList<>();
        List<Manifest.Dump> dumps = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            String db = chosen.get(i);
            DatabaseState before = catalog.database(db);
            String entry = "database-" + (i + 1) + ".dump";
            fetch(work.resolve(entry), "dump of " + db, progress, out -> source.dump(db, out));
            DatabaseState after = catalog.database(db);
            requireUnchanged(source, before, after);
            states.add(before);
            dumps.add(new Manifest.Dump(db, entry));
            LOG.info("{}: database {}: {} tables, {} rows dumped", source.describe(), db, before.tables().size(),
                    before.rows());
        }
        fetch(work.resolve(Manifest.GLOBALS_ENTRY), "roles (pg_dumpall --globals-only)", progress,
                source::dumpGlobals);
        Path archive = dir.resolve(name + ".tar");
        Path partial = dir.resolve("." + name + ".tar.partial");
        List<String> entries = new ArrayList<>(dumps.stream().map(Manifest.Dump::entry).toList());
        entries.add(Manifest.GLOBALS_ENTRY);
        MessageDigest sha = sha256();
        long bytes = tar(work, entries, partial, sha);
        Manifest manifest = new Manifest(Manifest.FORMAT, source.describe(), server.versionNum(), server.version(),
                clock.instant().toString(), archive.getFileName().toString(),
                HexFormat.of().formatHex(sha.digest()), bytes, server.roles(), states, dumps);
        BackupDirectory.writeAtomically(Manifest.pathBesides(archive), manifest.toJson());
        Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE); // the commit point: now it is a backup
        return archive;
    }

    private interface Fetch {
        void into(OutputStream out);
    }

    private static void fetch(Path file, String label, Progress progress, Fetch fetch) throws IOException {
        progress.start(label);
        try (OutputStream file0600 = BackupDirectory.create0600(file);
             CountingOutputStream out = new CountingOutputStream(file0600, progress)) {
            fetch.into(out);
            out.flush();
            progress.done(out.count());
        }
    }

    private static long tar(Path work, List<String> entries, Path partial, MessageDigest sha) throws IOException {
        try (OutputStream file = BackupDirectory.create0600(partial);
             CountingOutputStream counted = new CountingOutputStream(new DigestOutputStream(file, sha), Progress.silent());
             TarArchiveOutputStream tar = new TarArchiveOutputStream(counted)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (String entry : entries) {
                Path p = work.resolve(entry);
                TarArchiveEntry e = new TarArchiveEntry(entry);
                e.setSize(Files.size(p));
                e.setMode(0600);
                tar.putArchiveEntry(e);
                try (InputStream in = Files.newInputStream(p)) {
                    in.transferTo(tar);
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
            tar.flush();
            BackupDirectory.sync(partial);
            return counted.count();
        }
    }

    private static void requireUnchanged(SqlEndpoint source, DatabaseState before, DatabaseState after) {
        if (!Objects.equals(before, after)) {
            List<String> diffs = Comparison.differences(before, after, "before the dump", "after the dump");
            throw new GardenException(source.describe() + ": database " + before.name() + " changed while it was"
                    + " dumped (" + String.join("; ", diffs.subList(0, Math.min(3, diffs.size())))
                    + "): stop the applications that write to it and back up again");
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
