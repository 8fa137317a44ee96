package org.gardenos.remote;

/** A remote command exited non-zero. The message names host, command, exit code and stderr. */
public final class RemoteCommandException extends RemoteException {
    private final transient CommandResult result;

    public RemoteCommandException(CommandResult result) {
        super(result.host(), "command `" + result.command() + "` exited " + result.exitCode()
                + (result.stderr().isBlank() ? "" : ": " + result.stderr().strip()));
        this.result = result;
    }

    public CommandResult result() {
        return result;
    }
}
