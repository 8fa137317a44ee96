package org.gardenos.postgres.backup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gardenos.error.GardenException;

/**
 * This machine's PostgreSQL client programs (psql, pg_dump, pg_dumpall, pg_restore) pointed at one server. The
 * connection goes through the libpq environment ({@code PGHOST}, {@code PGPORT}, {@code PGUSER},
 * {@code PGSSLMODE}); the password through {@code PGPASSFILE}, a 0600 file in a 0700 work directory, removed by
 * {@link #close()}. So no password is ever in a child's arguments (what {@code ps} shows) or environment.
 */
public final class PgClientTools implements AutoCloseable {
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)");
    private final PostgresUrl url;
    private final Path workDir;
    private final Path passFile;
    private final Path binDir;

    /** {@code binDir}: where the client programs are (e.g. /usr/lib/postgresql/15/bin), or empty for PATH. */
    public PgClientTools(PostgresUrl url, Path workDir, Path binDir) {
        this.url = url;
        this.binDir = binDir;
        try {
            this.workDir = Files.createTempDirectory(workDir, ".pgclient-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            this.passFile = Files.createFile(this.workDir.resolve("pgpass"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            // host:port:database:user:password, with ':' and '\' escaped as libpq reads them
            Files.writeString(passFile, "*:*:*:*:" + escape(url.password().orElse("")) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the password file under " + workDir + ": " + e.getMessage(), e);
        }
    }

    public PostgresUrl url() {
        return url;
    }

    /** psql running {@code sql} (fed on stdin) in {@code database}, unaligned, tuples only; stdout as text. */
    public String psql(String database, String sql) {
        return new String(run(List.of(program("psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", conninfo(database)),
                sql.getBytes(StandardCharsets.UTF_8), null), StandardCharsets.UTF_8);
    }

    public void pgDump(String database, OutputStream out) {
        run(List.of(program("pg_dump"), "--format=custom", "-d", conninfo(database)), new byte[0], out);
    }

    public void pgDumpGlobals(OutputStream out) {
        run(List.of(program("pg_dumpall"), "--globals-only", "--no-tablespaces", "-d", conninfo(url.database())), new byte[0], out);
    }

    /** pg_restore of a custom-format dump into {@code database}: one transaction, stop at the first error. */
    public void pgRestore(String database, Path dump) {
        run(List.of(program("pg_restore"), "--exit-on-error", "--single-transaction", "-d", conninfo(database), dump.toString()),
                new byte[0], null);
    }

    /** The major version of this machine's pg_restore (a dump restores only with a client at least as new). */
    public int clientMajor() {
        String text = new String(run(List.of(program("pg_restore"), "--version"), new byte[0], null),
                StandardCharsets.UTF_8);
        Matcher m = VERSION.matcher(text);
        if (!m.find()) {
            throw new GardenException("pg_restore --version answered '" + Bounded.line(text) + "'");
        }
        return Integer.parseInt(m.group(1));
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(passFile);
            Files.deleteIfExists(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + passFile + ": " + e.getMessage(), e);
        }
    }

    private String program(String name) {
        return binDir.toString().isEmpty() ? name : binDir.resolve(name).toString();
    }

    private byte[] run(List<String> command, byte[] stdin, OutputStream sink) {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("PG"));
        env.put("PGHOST", url.host());
        env.put("PGPORT", Integer.toString(url.port()));
        env.put("PGUSER", url.user());
        env.put("PGPASSFILE", passFile.toString());
        env.put("PGCONNECT_TIMEOUT", "10");
        url.sslMode().ifPresent(m -> env.put("PGSSLMODE", m));
        String shown = String.join(" ", command) + " (" + url + ")";
        try {
            Process process = builder.start();
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readCapped(process.getErrorStream()));
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin);
            } catch (IOException ignored) {
                // the program exited without reading its input: its exit code tells why
            }
            byte[] out;
            if (sink == null) {
                out = process.getInputStream().readAllBytes();
            } else {
                process.getInputStream().transferTo(sink);
                sink.flush();
                out = new byte[0];
            }
            int exit = process.waitFor();
            if (exit != 0) {
                throw new GardenException("`" + shown + "` exited " + exit + ": "
                        + Bounded.line(new String(err.join(), StandardCharsets.UTF_8)));
            }
            return out;
        } catch (IOException e) {
            throw new GardenException("`" + shown + "` failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GardenException("interrupted while running `" + shown + "`", e);
        }
    }

    private static byte[] readCapped(InputStream in) {
        try {
            ByteArrayOutputStream kept = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                kept.write(buffer, 0, Math.min(n, Math.max(0, 64 * 1024 - kept.size())));
            }
            return kept.toByteArray();
        } catch (IOException e) {
            return ("(stderr unreadable: " + e.getMessage() + ")").getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A libpq connection string naming only the database: a name holding '=' is never read as one itself. */
    static String conninfo(String database) {
        return "dbname='" + database.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String escape(String password) {
        return password.replace("\\", "\\\\").replace(":", "\\:");
    }
}
