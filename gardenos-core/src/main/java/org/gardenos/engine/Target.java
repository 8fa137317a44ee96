package org.gardenos.engine;

import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.remote.RemoteHost;
import org.gardenos.state.StateDir;

/** Everything a resource may use while checking or applying itself on one host. */
public record Target(HostSpec host, RemoteHost remote, Inventory inventory, StateDir state) {
}
