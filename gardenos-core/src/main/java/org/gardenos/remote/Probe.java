package org.gardenos.remote;

import java.util.Objects;

/**
 * A read-only question to a host that a resource's check asks: a command ({@link RemoteHost#exec(String)}, no
 * stdin) or a file read ({@link RemoteHost#read(String)}). Declared up front, the probes of every resource of a host
 * can be answered in one round trip ({@link RemoteHost#probeAll}); the answer is exactly what the single call gives.
 */
public sealed interface Probe permits Probe.Command, Probe.FileRead {
    /** The command exactly as the check passes it to {@code exec}. */
    record Command(String command) implements Probe {
        public Command {
            Objects.requireNonNull(command, "command");
        }
    }

    /** The path exactly as the check passes it to {@code read}. */
    record FileRead(String path) implements Probe {
        public FileRead {
            Objects.requireNonNull(path, "path");
        }
    }

    static Probe command(String command) {
        return new Command(command);
    }

    static Probe read(String path) {
        return new FileRead(path);
    }
}
