package org.gardenos.cli.command;

import org.gardenos.inventory.Inventory;
import org.gardenos.remote.RemoteHostConnector;

/**
 * How a command reaches hosts. The CLI binds the SSH connector ({@link SshConnectorFactory}); tests bind a stand-in
 * through {@link GardenCli}'s module overrides.
 */
public interface ConnectorFactory {
    /**
     * @param acceptNewHostKeys {@code --accept-new-host-keys}: record the key of a host not yet in known_hosts; a
     *                          changed key is refused either way
     */
    RemoteHostConnector open(Inventory inventory, boolean acceptNewHostKeys);
}
