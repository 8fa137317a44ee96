package org.gardenos.etcd.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.gardenos.etcd.client.EtcdConnection;
import org.gardenos.etcd.status.EtcdClusterStatus.Verdict;
import org.gardenos.testkit.etcd.EtcdPrerequisites;
import org.gardenos.testkit.etcd.LocalEtcdCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: the probe asks each member over ONE connection (before: a jetcd client per member, whose channel and
 * the extra channel of its per-member Status call made two per member), and the per-member answers stay exact.
 * Real 3-member etcd (Debian) on loopback; each member is reached through a counting TCP relay, a stand-in for
 * the network that only counts the connections it carries.
 */
class EtcdStatusProbeConnectionsTest {
    @BeforeAll
    static void prerequisites() {
        EtcdPrerequisites.requireEtcd();
    }

    @Test
    void oneConnectionPerMemberAndEveryMemberReportedAsItself() throws Exception {
        try (LocalEtcdCluster cluster = LocalEtcdCluster.builder().members(3).build().start()) {
            List<Relay> relays = new ArrayList<>();
            try {
                for (URI e : cluster.endpoints()) {
                    relays.add(new Relay(e.getHost(), e.getPort()));
                }
                List<URI> viaRelays = relays.stream().map(r -> URI.create("http://127.0.0.1:" + r.port())).toList();

                EtcdClusterStatus status = new EtcdStatusProbe(EtcdConnection.plain(viaRelays)).probe();

                assertThat(status.verdict()).as(status.members().toString()).isEqualTo(Verdict.HEALTHY);
                assertThat(status.members()).extracting(EtcdMemberHealth::endpoint)
                        .containsExactlyElementsOf(viaRelays.stream().map(URI::toString).toList());
                assertThat(status.members()).extracting(m -> m.name().orElseThrow())
                        .as("each endpoint answered about its own member").containsExactly("etcd-1", "etcd-2", "etcd-3");
                assertThat(status.members()).extracting(EtcdMemberHealth::memberId).doesNotHaveDuplicates();
                assertThat(status.members()).filteredOn(EtcdMemberHealth::leader).hasSize(1);
                assertThat(relays).extracting(Relay::accepted).as("connections per member").containsExactly(1, 1, 1);
            } finally {
                relays.forEach(Relay::close);
            }
        }
    }

    /** Forwards every connection on a loopback port to host:port and counts them. */
    private static final class Relay implements AutoCloseable {
        private final ServerSocket server;
        private final AtomicInteger accepted = new AtomicInteger();
        private final List<Socket> open = new java.util.concurrent.CopyOnWriteArrayList<>();

        Relay(String host, int port) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket in = server.accept();
                        accepted.incrementAndGet();
                        Socket out = new Socket(host, port);
                        open.add(in);
                        open.add(out);
                        pump(in.getInputStream(), out.getOutputStream());
                        pump(out.getInputStream(), in.getOutputStream());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "relay-accept");
            t.setDaemon(true);
            t.start();
        }

        private static void pump(InputStream from, OutputStream to) {
            Thread t = new Thread(() -> {
                try (from; to) {
                    from.transferTo(to);
                } catch (IOException e) {
                    // the other side closed: so does this one
                }
            }, "relay-pump");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        @Override
        public void close() {
            try {
                server.close();
            } catch (IOException e) {
                // closing a test relay
            }
            for (Socket s : open) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing a test relay
                }
            }
        }
    }
}
