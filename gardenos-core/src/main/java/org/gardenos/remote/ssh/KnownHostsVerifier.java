package org.gardenos.remote.ssh;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;
import org.gardenos.remote.ssh.HostKeyRejectedException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies one connection's host key against the known_hosts file (sshj's OpenSSH parser: plain, hashed,
 * wildcard and {@code [addr]:port} entries) and applies the {@link HostKeyPolicy}. One instance per connection
 * attempt: it keeps the reason of a refusal so the caller can throw {@link HostKeyRejectedException} instead
 * of sshj's generic transport error.
 *
 * <p>Stricter than sshj on one point: sshj only compares entries of the key type the server offered, so a host
 * recorded with an RSA key that now offers an ed25519 key would look "new". Here any entry for the host makes it
 * known, and a key not among its entries is a changed key, refused under every policy.
 */
final class KnownHostsVerifier extends OpenSSHKnownHosts {
    private static final Logger LOG = LoggerFactory.getLogger(KnownHostsVerifier.class);

    private final String hostName;
    private final Path file;
    private final HostKeyPolicy policy;
    private volatile HostKeyRejectedException rejection;

    KnownHostsVerifier(String hostName, Path file, HostKeyPolicy policy) throws IOException {
        super(file.toFile());
        this.hostName = hostName;
        this.file = file;
        this.policy = policy;
    }

    /** Why the last verification refused the key; null when it did not. */
    HostKeyRejectedException rejection() {
        return rejection;
    }

    /** sshj found no entry of the offered key's type for this host. */
    @Override
    protected boolean hostKeyUnverifiableAction(String hostPattern, PublicKey key) {
        List<String> recorded = KnownHostsFile.describeEntriesFor(entries(), hostPattern);
        if (!recorded.isEmpty()) {
            return changed(hostPattern, key, recorded);
        }
        if (policy == HostKeyPolicy.STRICT) {
            String fp = SshFingerprints.sha256(key);
            rejection = new HostKeyRejectedException(hostName, Reason.UNKNOWN_HOST, fp,
                    "host key of " + hostPattern + " is not in " + file + " (server offered "
                            + SshFingerprints.typeName(key) + " " + fp + "); compare that fingerprint with `ssh-keygen -lf"
                            + " /etc/ssh/ssh_host_*_key.pub` on the host, then add the key to " + file
                            + " (or connect once with host key policy ACCEPT_NEW)");
            return false;
        }
        switch (KnownHostsFile.recordIfNew(file, hostPattern, key)) {
            case RECORDED:
                LOG.info("{}: new host {} trusted, key {} recorded in {}", hostName, hostPattern,
                        SshFingerprints.describe(key), file);
                return true;
            case ALREADY_TRUSTED:
                return true;
            default:
                return changed(hostPattern, key,
                        KnownHostsFile.describeEntriesFor(KnownHostsFile.entries(file), hostPattern));
        }
    }

    /** sshj found entries of the offered key's type for this host, none with this key (or it is @revoked). */
    @Override
    protected boolean hostKeyChangedAction(String hostPattern, PublicKey key) {
        return changed(hostPattern, key, KnownHostsFile.describeEntriesFor(entries(), hostPattern));
    }

    private boolean changed(String hostPattern, PublicKey key, List<String> recorded) {
        String fp = SshFingerprints.sha256(key);
        rejection = new HostKeyRejectedException(hostName, Reason.CHANGED_KEY, fp,
                "host key of " + hostPattern + " CHANGED: server offered " + SshFingerprints.typeName(key) + " " + fp
                        + ", " + file + " has " + String.join(", ", recorded)
                        + "; refusing to connect (possible man-in-the-middle; if the host was reinstalled, remove the old"
                        + " entry with `ssh-keygen -R '" + hostPattern + "' -f " + file + "` and verify the new key)");
        return false;
    }
}
