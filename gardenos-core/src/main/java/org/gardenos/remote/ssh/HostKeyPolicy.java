package org.gardenos.remote.ssh;

/** What to do with a host whose key is not in {@code ssh.knownHosts} yet. A changed key is refused under both. */
public enum HostKeyPolicy {
    /** Refuse unknown hosts: the user adds their keys first (ssh-keyscan, checked fingerprints). */
    STRICT,
    /**
     * Trust a host seen for the first time and record its key in the known_hosts file (OpenSSH's
     * {@code StrictHostKeyChecking=accept-new}). A host that already has any entry there is never re-recorded:
     * a different key for it is refused as changed.
     */
    ACCEPT_NEW
}
