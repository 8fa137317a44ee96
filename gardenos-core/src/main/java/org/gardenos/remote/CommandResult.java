package org.gardenos.remote;

/** What one remote command did. {@code command} is the command as logged (secrets redacted). */
public record CommandResult(String host, String command, int exitCode, String stdout, String stderr) {
    public boolean ok() {
        return exitCode == 0;
    }

    /** Returns this result, or throws {@link RemoteCommandException} naming host, command, exit code and stderr. */
    public CommandResult requireOk() {
        if (!ok()) {
            throw new RemoteCommandException(this);
        }
        return this;
    }
}
