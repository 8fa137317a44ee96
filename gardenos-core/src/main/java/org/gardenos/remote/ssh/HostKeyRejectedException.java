package org.gardenos.remote.ssh;

import org.gardenos.remote.RemoteException;

/**
 * A host's SSH key was refused: not in the known_hosts file (under {@link HostKeyPolicy#STRICT}), or different
 * from the recorded one (always). The message is one line naming host, address and the fingerprint seen.
 */
public final class HostKeyRejectedException extends RemoteException {
    /** Why the key was refused. */
    public enum Reason { UNKNOWN_HOST, CHANGED_KEY }

    private final Reason reason;
    private final String fingerprint;

    public HostKeyRejectedException(String host, Reason reason, String fingerprint, String message) {
        super(host, message);
        this.reason = reason;
        this.fingerprint = fingerprint;
    }

    public Reason reason() {
        return reason;
    }

    /** The fingerprint of the key the server presented, {@code SHA256:...} as ssh-keygen -l prints it. */
    public String fingerprint() {
        return fingerprint;
    }
}
