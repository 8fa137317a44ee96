package org.gardenos.etcd.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The etcd member channels' event loop ({@link EtcdEventLoop}): the channels run on it, not on gRPC's shared loop
 * (whose threads outlive the channels by a second and so sat in native code when a CLI run exited, which the JVM's
 * exit waits up to 300 ms for), a shutdown hook stops it, and stopping it ends every one of its threads.
 */
class EtcdEventLoopTest {
    @Test
    void memberChannelsConnectOnTheEtcdEventLoop() throws Exception {
        try (ServerSocket member = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            URI endpoint = URI.create("http://127.0.0.1:" + member.getLocalPort());
            try (MemberChannels channels = MemberChannels.open(EtcdConnection.plain(List.of(endpoint)))) {
                channels.connect();
                member.setSoTimeout(10_000);
                try (Socket accepted = member.accept()) {
                    assertThat(accepted.isConnected()).isTrue();
                }
                // the connection was made by a thread of the loop the shutdown hook stops
                assertThat(threadsNamed(EtcdEventLoop.THREADS + "-")).isPositive();
                assertThat(EtcdEventLoop.group().isShuttingDown()).isFalse();
            }
        }
    }

    @Test
    void theLoopHasAShutdownHook() {
        EtcdEventLoop.group();
        // removeShutdownHook answers whether the hook was registered; put back for this JVM's own exit
        assertThat(Runtime.getRuntime().removeShutdownHook(EtcdEventLoop.hook())).isTrue();
        Runtime.getRuntime().addShutdownHook(EtcdEventLoop.hook());
    }

    @Test
    void stoppingEndsEveryThreadOfTheLoop() throws Exception {
        String name = "etcd-event-loop-test";
        EventLoopGroup group = EtcdEventLoop.newGroup(name);
        for (int i = 0; i < 4; i++) {
            group.next().submit(() -> { }).get(10, TimeUnit.SECONDS); // starts the loops' threads
        }
        assertThat(threadsNamed(name + "-")).isPositive();

        assertThat(EtcdEventLoop.stop(group)).isTrue();

        assertThat(group.isTerminated()).isTrue();
        assertThat(threadsNamed(name + "-")).isZero();
    }

    private static long threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
    }
}
