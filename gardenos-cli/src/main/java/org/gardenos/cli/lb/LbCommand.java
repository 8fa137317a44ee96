package org.gardenos.cli.lb;

import picocli.CommandLine.Command;

/** {@code gardenos lb ...}: the load balancers' own secrets from the admin machine. */
@Command(name = "lb", description = "The HAProxy load balancers from the admin machine.",
        subcommands = {LbRotateStatsPasswordCommand.class})
public final class LbCommand {
}
