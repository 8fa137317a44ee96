package org.gardenos.postgres.realcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's real {@code psql} against an address and port, over SSL ({@code PGSSLMODE=require}), with the password in
 * the environment ({@code PGPASSWORD}), never in the arguments: another process may read this one's command line.
 */
record Psql(String host, int port, String user, String password) {
    /** One statement or a few; unaligned tuples only; exit status and stderr in the result. */
    Result run(String sql) {
        return run(sql, "require");
    }

    Result run(String sql, String sslMode) {
        ProcessBuilder pb = new ProcessBuilder(List.of("psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                "-h", host, "-p", Integer.toString(port), "-U", user, "-d", "postgres", "-c", sql));
        pb.environment().put("PGPASSWORD", password);
        pb.environment().put("PGSSLMODE", sslMode);
        pb.environment().put("PGCONNECT_TIMEOUT", "5");
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "", "psql timed out");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8).strip(),
                    new String(err, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run psql: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "", "interrupted");
        }
    }

    /** The statement's output; an AssertionError naming psql's message when it failed. */
    String query(String sql) {
        Result r = run(sql);
        if (r.exitCode() != 0) {
            throw new AssertionError("psql " + host + ":" + port + " '" + sql + "' failed (exit " + r.exitCode() + "): "
                    + r.stderr());
        }
        return r.stdout();
    }

    Psql at(String otherHost, int otherPort) {
        return new Psql(otherHost, otherPort, user, password);
    }

    record Result(int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }
    }
}
