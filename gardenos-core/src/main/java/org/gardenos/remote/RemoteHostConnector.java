package org.gardenos.remote;

import org.gardenos.inventory.HostSpec;

/** Opens connections to inventory hosts. The SSH implementation verifies host keys, always. */
public interface RemoteHostConnector {
    RemoteHost connect(HostSpec host);
}
