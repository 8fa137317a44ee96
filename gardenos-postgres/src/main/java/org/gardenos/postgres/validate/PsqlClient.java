package org.gardenos.postgres.validate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * This machine's {@code psql} (Debian's {@code postgresql-client}) for the checks that speak SQL through the load
 * balancer. The password goes in {@code PGPASSWORD} (the environment of the child only), never in the arguments;
 * the output is bounded and parsed as untrusted.
 */
public final class PsqlClient {
    private static final int MAX_OUTPUT = 64 * 1024;
    private final String command;

    public PsqlClient(String command) {
        this.command = command;
    }

    public static PsqlClient onPath() {
        return new PsqlClient("psql");
    }

    /** One statement as {@code user} at {@code host:port}, database {@code postgres}, with the given sslmode. */
    public Result run(Endpoint at, String sslMode, String sql) {
        return start(List.of(command, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", at.host(),
                "-p", Integer.toString(at.port()), "-U", at.user(), "-d", "postgres", "-c", sql), at, sslMode, "");
    }

    /**
     * A script on psql's standard input (for SQL that holds something secret, which must not be an argument), not
     * quiet, so that each executed statement's command tag is printed.
     */
    public Result runScript(Endpoint at, String sslMode, String script) {
        return start(List.of(command, "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", at.host(),
                "-p", Integer.toString(at.port()), "-U", at.user(), "-d", "postgres", "-f", "-"), at, sslMode, script);
    }

    private Result start(List<String> args, Endpoint at, String sslMode, String stdin) {
        ProcessBuilder pb = new ProcessBuilder(args);
        pb.environment().put("PGPASSWORD", at.password());
        pb.environment().put("PGSSLMODE", sslMode);
        pb.environment().put("PGCONNECT_TIMEOUT", "5");
        pb.environment().remove("PGSERVICE");
        try {
            Process p = pb.start();
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            String out = read(p.getInputStream());
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "", "psql did not finish in 30 s");
            }
            return new Result(p.exitValue(), out.strip(), err.join().strip());
        } catch (IOException e) {
            return new Result(-1, "", "cannot run " + command + " (install Debian's postgresql-client): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "", "interrupted");
        }
    }

    private static String read(InputStream in) {
        try (in) {
            byte[] bytes = in.readNBytes(MAX_OUTPUT);
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Where to connect and as whom; {@link #toString} leaves the password out. */
    public record Endpoint(String host, int port, String user, String password) {
        @Override
        public String toString() {
            return user + "@" + host + ":" + port;
        }
    }

    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** The first line of psql's message, for a check's one line. */
        public String message() {
            String text = stderr.isBlank() ? stdout : stderr;
            return text.lines().findFirst().orElse("exit " + exitCode);
        }
    }
}
