package org.gardenos.cli.sandbox;

import picocli.CommandLine.Command;

/** {@code gardenos sandbox up|status|down}: three real Debian hosts on this machine to try GardenOS on. */
@Command(name = "sandbox",
        description = {"Three Debian hosts on this machine (systemd-nspawn containers, root only) to try GardenOS on.",
                "The sandbox's state and inventory live in --state-dir (default ~/.gardenos/sandbox)."},
        subcommands = {SandboxUpCommand.class, SandboxStatusCommand.class, SandboxDownCommand.class})
public final class SandboxCommand {
}
