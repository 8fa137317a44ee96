package org.gardenos.cli;

import jakarta.inject.Inject;
import org.gardenos.inventory.Inventory;
import org.gardenos.remote.RemoteHostConnector;
import org.gardenos.remote.ssh.HostKeyPolicy;
import org.gardenos.remote.ssh.SshRemoteHostConnector;
import org.gardenos.cli.command.CliIo;
import org.gardenos.cli.command.ConnectorFactory;

/** The real connector: SSH with verified host keys; the key passphrase may come from GARDENOS_SSH_PASSPHRASE. */
final class SshConnectorFactory implements ConnectorFactory {
    private final CliIo io;

    @Inject
    SshConnectorFactory(CliIo io) {
        this.io = io;
    }

    @Override
    public RemoteHostConnector open(Inventory inventory, boolean acceptNewHostKeys) {
        HostKeyPolicy policy = acceptNewHostKeys ? HostKeyPolicy.ACCEPT_NEW : HostKeyPolicy.STRICT;
        return new SshRemoteHostConnector(inventory.ssh(), policy, io.env()::get);
    }
}
