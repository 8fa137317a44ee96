package org.gardenos.remote.ssh;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.gardenos.inventory.SshSettings;
import org.gardenos.remote.RemoteException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Network failures before SSH even starts: each one line naming host and address. No sshd needed. */
class ConnectFailureTest {
    static final String ADDRESS = "127.0.0.63";

    @TempDir
    Path tmp;

    @Test
    void aClosedPortIsConnectionRefused() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName(ADDRESS), 0));
            port = probe.getLocalPort();
        } // closed again: nothing listens on this port now

        try (SshRemoteHostConnector c = connector(port, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> c.connect(SshFixtures.host("h9", ADDRESS)))
                    .isExactlyInstanceOf(RemoteException.class)
                    .hasMessage("h9: connection refused by " + ADDRESS + ":" + port
                            + " (is sshd running and listening on port " + port + "?)");
        }
    }

    /** A peer that accepts TCP but never speaks SSH: the connect timeout bounds the handshake. */
    @Test
    void aSilentServerHitsTheConnectTimeout() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket()) {
            silent.bind(new InetSocketAddress(InetAddress.getByName(ADDRESS), 0));
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();

            try (SshRemoteHostConnector c = connector(silent.getLocalPort(), Duration.ofSeconds(1))) {
                assertThatThrownBy(() -> c.connect(SshFixtures.host("h9", ADDRESS)))
                        .isExactlyInstanceOf(RemoteException.class)
                        .hasMessage("h9: " + ADDRESS + ":" + silent.getLocalPort() + " accepted the TCP connection but"
                                + " did not complete the SSH handshake within 1 s (ssh.connectTimeout)");
            }
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    private SshRemoteHostConnector connector(int port, Duration connectTimeout) throws Exception {
        Path key = LoopbackSshd.clientKey(tmp.resolve("client"), "id_" + port, "ed25519", "");
        Path knownHosts = Files.writeString(tmp.resolve("known_hosts"), "");
        SshSettings settings = new SshSettings("root", port, key, knownHosts, connectTimeout, Duration.ofSeconds(30));
        return new SshRemoteHostConnector(settings, HostKeyPolicy.STRICT, name -> null);
    }
}
