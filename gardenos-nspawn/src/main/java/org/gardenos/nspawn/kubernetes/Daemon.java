package org.gardenos.nspawn.kubernetes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One long-running control-plane process of the test cluster on this machine (kube-apiserver, ...): argument list,
 * clean environment, output to a log file. Its pid and start time are appended to the cluster's record
 * ({@link ClusterRecord}) before anything else happens, so a run whose JVM was killed can have it killed later.
 */
final class Daemon {
    private static final Map<String, String> ENV = Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "LANG", "C.UTF-8");

    private final String name;
    private final Path log;
    private final Process process;

    private Daemon(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
    }

    static Daemon start(String name, List<String> command, Path log, ClusterRecord record) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().putAll(ENV);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            Process p = pb.start();
            record.addProcess(p.toHandle());
            return new Daemon(name, log, p);
        } catch (IOException e) {
            throw new KubernetesException("cannot start " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
        }
    }

    String name() {
        return name;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Throws, with the log's tail, when the process has exited. */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new KubernetesException(name + " exited with " + process.exitValue() + "; log " + log + ":\n"
                    + logTail(15));
        }
    }

    /** SIGTERM, then SIGKILL after 10 s. */
    void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Appends a line to a file, creating it (mode as the umask gives; these files hold no secret). */
    static void appendLine(Path file, String line) {
        try {
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new KubernetesException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
