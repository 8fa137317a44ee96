package org.gardenos.nspawn;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command on this machine with an argument list (never through a shell of ours), a clean environment and
 * a timeout, and captures its output. Package-private: the testkit's only door to local processes.
 */
final class LocalCommand {
    /** The environment every command gets: nothing of the JVM's environment leaks into hosts. */
    static final Map<String, String> CLEAN_ENV = Map.of(
            "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "LANG", "C.UTF-8",
            "HOME", "/root");

    private LocalCommand() {
    }

    /** What one local command did. */
    record Result(List<String> command, int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }

        Result requireOk() {
            if (!ok()) {
                throw new NspawnException("command `" + String.join(" ", command) + "` exited " + exitCode
                        + (stderr.isBlank() ? "" : ": " + stderr.strip()));
            }
            return this;
        }
    }

    static Result run(List<String> command) {
        return run(command, null, Duration.ofMinutes(2));
    }

    static Result run(List<String> command, byte[] stdin, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().putAll(CLEAN_ENV);
        if (stdin == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new NspawnException("cannot run `" + String.join(" ", command) + "`: " + e.getMessage(), e);
        }
        Drain out = new Drain(process.getInputStream());
        Drain err = new Drain(process.getErrorStream());
        out.start();
        err.start();
        try {
            if (stdin != null) {
                try (OutputStream in = process.getOutputStream()) {
                    in.write(stdin);
                } catch (IOException e) {
                    // the command exited without reading all of stdin: its exit code tells the story
                }
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new NspawnException("command `" + String.join(" ", command) + "` did not finish within "
                        + timeout.toSeconds() + " s");
            }
            out.join();
            err.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new NspawnException("interrupted while running `" + String.join(" ", command) + "`", e);
        }
        return new Result(List.copyOf(command), process.exitValue(), out.text(), err.text());
    }

    /** Reads one stream of a child to the end, so a chatty child never blocks on a full pipe. */
    private static final class Drain extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        Drain(InputStream in) {
            this.in = in;
            setDaemon(true);
            setName("gardenos-testkit-drain");
        }

        @Override
        public void run() {
            try (in) {
                in.transferTo(buffer);
            } catch (IOException e) {
                // the pipe broke because the child was killed: what was read so far is all there is
            }
        }

        String text() {
            return buffer.toString(StandardCharsets.UTF_8);
        }
    }
}
