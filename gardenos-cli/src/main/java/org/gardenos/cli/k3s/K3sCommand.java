package org.gardenos.cli.k3s;

import picocli.CommandLine.Command;

/** {@code gardenos k3s kubeconfig|rotate-token}: what a user needs from the K3s cluster on the admin machine. */
@Command(name = "k3s", description = "The K3s cluster from the admin machine.",
        subcommands = {K3sKubeconfigCommand.class, K3sRotateTokenCommand.class})
public final class K3sCommand {
}
