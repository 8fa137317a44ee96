package org.gardenos.remote.ssh;

import java.io.IOException;
import java.nio.file.Path;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Role;
import org.gardenos.remote.RemoteHost;

/**
 * For tests outside gardenos-core: core's real {@link LoopbackSshd} (OpenSSH on a loopback address, root login by
 * key) and a connection to it through the real {@link SshRemoteHostConnector} with a STRICT known_hosts that trusts
 * exactly that server's key. Commands sent to it run on this machine (e.g. {@code docker} against a test engine).
 */
public final class LoopbackSshHost implements AutoCloseable {
    private final LoopbackSshd sshd;
    private final SshRemoteHostConnector connector;
    private final RemoteHost remote;
    private final Path privateKey;
    private final Path knownHosts;

    private LoopbackSshHost(LoopbackSshd sshd, SshRemoteHostConnector connector, RemoteHost remote, Path privateKey,
                            Path knownHosts) {
        this.sshd = sshd;
        this.connector = connector;
        this.remote = remote;
        this.privateKey = privateKey;
        this.knownHosts = knownHosts;
    }

    public static void requirePrerequisites() {
        LoopbackSshd.requirePrerequisites();
    }

    public static LoopbackSshHost start(Path dir, String address, String hostName) throws IOException {
        LoopbackSshd sshd = LoopbackSshd.start(dir.resolve("sshd"), address, "ed25519");
        Path key = SshFixtures.authorizedKey(sshd, dir.resolve("client"), "id_ed25519", "ed25519", "");
        Path knownHosts = SshFixtures.knownHostsTrusting(dir.resolve("known_hosts"), sshd, "ed25519");
        var settings = SshFixtures.settings(sshd, key, knownHosts);
        SshRemoteHostConnector connector = new SshRemoteHostConnector(settings, HostKeyPolicy.STRICT, n -> null);
        RemoteHost remote = connector.connect(HostSpec.of(hostName, address, Role.of("docker")));
        return new LoopbackSshHost(sshd, connector, remote, key, knownHosts);
    }

    /** The inventory's {@code ssh:} section that reaches this sshd (root, its port, the key, a strict known_hosts). */
    public String inventorySshSection() {
        return "ssh:\n  user: root\n  port: " + sshd.port() + "\n  privateKey: " + privateKey + "\n  knownHosts: "
                + knownHosts + "\n";
    }

    public RemoteHost remote() {
        return remote;
    }

    @Override
    public void close() {
        connector.close();
        sshd.close();
    }
}
