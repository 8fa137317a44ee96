package org.gardenos.cli.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The sandbox's files inside its state directory (default {@code ~/.gardenos/sandbox}, also the GardenOS state
 * directory of the sandbox cluster): the keeper process's pid, its log, the ready marker and the inventory of the
 * running hosts ({@code gardenos.yaml}, usable with {@code gardenos -f}) and the kubeconfig of its Kubernetes.
 */
public record SandboxDir(Path root) {
    public static final String CLUSTER = "sandbox";

    public Path pidFile() {
        return root.resolve("sandbox.pid");
    }

    public Path readyFile() {
        return root.resolve("sandbox.ready");
    }

    public Path logFile() {
        return root.resolve("sandbox.log");
    }

    public Path inventory() {
        return root.resolve("gardenos.yaml");
    }

    /** The sandbox Kubernetes' admin kubeconfig, where the k3s layer keeps its own (0600). */
    public Path kubeconfig() {
        return root.resolve(org.gardenos.k3s.KubeconfigFetcher.STATE_FILE);
    }

    /** The keeper process when it is alive and is ours (its command line names the keeper class). */
    public Optional<ProcessHandle> keeper() {
        if (!Files.isRegularFile(pidFile())) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile(), StandardCharsets.UTF_8).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().commandLine().map(c -> c.contains(SandboxKeeper.class.getName())).orElse(false));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public boolean ready() {
        return Files.isRegularFile(readyFile()) && Files.isRegularFile(inventory());
    }

    /** The last lines of the keeper's log, for error messages. */
    public String logTail(int lines) {
        try {
            if (!Files.isRegularFile(logFile())) {
                return "";
            }
            List<String> all = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
            return String.join(" / ", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** Forgets a sandbox whose keeper is gone; the log stays for reading. */
    public void clear() {
        try {
            Files.deleteIfExists(readyFile());
            Files.deleteIfExists(inventory());
            Files.deleteIfExists(pidFile());
            Files.deleteIfExists(kubeconfig());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + root + ": " + e.getMessage(), e);
        }
    }
}
