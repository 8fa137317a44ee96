package org.gardenos.remote;

import java.util.Optional;

/**
 * What one {@link Probe} gave: the {@link CommandResult} the single {@code exec} would have returned (host, logged
 * command, exit code, stdout, redacted stderr), and stdout's raw bytes for file reads (text decoding would change
 * bytes that are not UTF-8).
 */
public record ProbeAnswer(CommandResult result, byte[] stdoutBytes) {
    /** Exit code of a read whose file does not exist (the same as the SSH host's single read). */
    public static final int READ_MISSING_EXIT = 100;

    /** As {@link RemoteHost#read(String)} answers it: empty when missing, the bytes, or the failure. */
    public Optional<byte[]> asFileContent() {
        if (result.exitCode() == READ_MISSING_EXIT) {
            return Optional.empty();
        }
        result.requireOk();
        return Optional.of(stdoutBytes.clone());
    }
}
