package org.gardenos.remote;

import org.gardenos.error.GardenException;

/** A failure talking to one host (connect, auth, host key, transfer or command). Message starts with the host. */
public class RemoteException extends GardenException {
    private final String host;

    public RemoteException(String host, String message) {
        super(host + ": " + message);
        this.host = host;
    }

    public RemoteException(String host, String message, Throwable cause) {
        super(host + ": " + message, cause);
        this.host = host;
    }

    public String host() {
        return host;
    }
}
