package org.gardenos.postgres.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.gardenos.testkit.Prerequisites;

/**
 * A real PostgreSQL 15 server (Debian's postgresql-15) made by the test with initdb and pg_ctl in a temp folder,
 * listening on a loopback address with scram-sha-256 password login for a generated superuser password: the
 * restore target when no cluster is at hand. Runs as the {@code postgres} OS user (the server refuses root).
 */
public final class LocalPostgres implements AutoCloseable {
    public static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static final List<LocalPostgres> STARTED = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Path dir;
    private final String address;
    private final int port;
    private final String password;

    private LocalPostgres(Path dir, String address, int port, String password) {
        this.dir = dir;
        this.address = address;
        this.port = port;
        this.password = password;
    }

    /** Debian's postgresql-15 (initdb, pg_ctl); without it the test is skipped (failed when CI=true). */
    public static void requirePrerequisites() {
        Prerequisites.require(Files.isExecutable(BIN.resolve("initdb")), "Debian's postgresql-15");
    }

    /** A temp folder (0711) the server, running as the postgres OS user, can pass through to its own below it. */
    public static Path traversableTempDirectory(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        return dir;
    }

    public static LocalPostgres start(Path dir, String address, int port) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        String password = randomPassword();
        Path pwfile = dir.resolve("pwfile");
        Files.writeString(pwfile, password + "\n");
        run("chown", "-R", "postgres:postgres", dir.toString());
        asPostgres(BIN.resolve("initdb") + " -D " + dir.resolve("data") + " -U postgres --pwfile=" + pwfile
                + " --auth=scram-sha-256 -E UTF8 --locale=C");
        Files.delete(pwfile);
        asPostgres(BIN.resolve("pg_ctl") + " -D " + dir.resolve("data") + " -w -t 60 -l " + dir.resolve("server.log")
                + " -o \"-c listen_addresses=" + address + " -p " + port + " -c unix_socket_directories="
                + dir + "\" start");
        LocalPostgres pg = new LocalPostgres(dir, address, port, password);
        STARTED.add(pg);
        return pg;
    }

    /** Stops every server the test started. */
    public static void stopAll() {
        STARTED.forEach(LocalPostgres::close);
        STARTED.clear();
    }

    public PostgresUrl url() {
        return new PostgresUrl(address, port, "postgres", Optional.of(password), "postgres", Optional.of("disable"));
    }

    public String password() {
        return password;
    }

    @Override
    public void close() {
        try {
            asPostgres(BIN.resolve("pg_ctl") + " -D " + dir.resolve("data") + " -m immediate -w stop");
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("pg_ctl stop failed: " + e.getMessage(), e);
        }
    }

    private static void asPostgres(String command) throws IOException, InterruptedException {
        run("runuser", "-u", "postgres", "--", "sh", "-c", command);
    }

    static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(List.of(command) + " failed: " + out);
        }
    }

    static String randomPassword() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 28; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
