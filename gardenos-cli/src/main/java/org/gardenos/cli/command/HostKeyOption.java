package org.gardenos.cli.command;

import picocli.CommandLine.Option;

/**
 * {@code --accept-new-host-keys}, shared by every command that connects to hosts (a picocli mixin). Never a way to
 * accept a changed key: the SSH connector refuses those under either policy.
 */
public final class HostKeyOption {
    @Option(names = "--accept-new-host-keys",
            description = "Trust and record the SSH host key of a host not yet in known_hosts."
                    + " A changed key is refused either way.")
    boolean acceptNew;

    public boolean acceptNew() {
        return acceptNew;
    }
}
