package org.gardenos.remote;

import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One managed host, reached over one reused connection. Commands run as root: directly when the SSH user
 * is root, through {@code sudo -n} otherwise. Secrets never go into a command line: pass them as stdin or
 * upload them as a file.
 */
public interface RemoteHost extends AutoCloseable {
    /** Inventory name of the host. */
    String name();

    /** Address the connection goes to. */
    String address();

    /** Runs {@code command} with {@code sh -c}; never throws for a non-zero exit, only for transport failures. */
    CommandResult exec(String command);

    /** As {@link #exec(String)}, with {@code stdin} fed to the command (the way secrets reach a command). */
    CommandResult exec(String command, byte[] stdin);

    /**
     * Runs {@code command} as {@link #exec(String)} does, but streams its standard output into {@code stdout} as it
     * arrives instead of holding it in memory (a database dump of any size); bounded on the host by {@code timeout}
     * rather than ssh.commandTimeout. The result's stdout is empty; its stderr is capped. Hosts that cannot stream
     * throw {@link UnsupportedOperationException}.
     */
    default CommandResult execStreaming(String command, OutputStream stdout, Duration timeout) {
        throw new UnsupportedOperationException(name() + ": this host cannot stream a command's output");
    }

    /**
     * Writes {@code content} to {@code path} atomically: a temporary file in the same directory, mode and owner
     * set, then renamed into place, so no reader ever sees half a file. Parent directories are created.
     */
    void upload(String path, byte[] content, int mode, String owner);

    /**
     * As {@link #upload(String, byte[], int, String)} with the content of the local file {@code local}. The SSH host
     * streams it (a release binary is never held in memory); this default reads it first.
     */
    default void upload(String path, java.nio.file.Path local, int mode, String owner) {
        byte[] content;
        try {
            content = java.nio.file.Files.readAllBytes(local);
        } catch (java.io.IOException e) {
            throw new RemoteException(name(), "cannot read " + local + " to upload it to " + path + ": "
                    + e.getMessage(), e);
        }
        upload(path, content, mode, owner);
    }

    /** The content of a remote file, or empty when it does not exist. */
    Optional<byte[]> read(String path);

    /**
     * Answers read-only probes, possibly all in one round trip (the SSH host runs them as one script). An answer
     * equals what the single {@code exec}/{@code read} gives; a probe without an answer (or a host that cannot
     * batch: this default answers none) is asked the usual way, so a caller must not rely on getting answers.
     * Never throws for a failed probe: its answer carries the failure.
     */
    default Map<Probe, ProbeAnswer> probeAll(List<Probe> probes) {
        return Map.of();
    }

    @Override
    void close();
}
