package org.gardenos.etcd.client;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.handler.ssl.SslContext;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gRPC channel to each member of a connection, all made from one TLS context and run on gRPC's one shared
 * Netty event loop: what asking every member about itself needs (a member's Status and its own quorum read can
 * only come over a connection to that member). Why (issue 13): the status probe used one jetcd client per member,
 * each with its own Vert.x instance, TLS context and channel, plus a further channel per {@code statusMember}
 * call; in a fresh process the start of those clients alone cost more than the etcd calls.
 * Every call must carry its own deadline ({@link CallDeadline} gives the connection's timeout to any that does
 * not); {@link #close} shuts every channel down, so none is left to the garbage collector.
 */
public final class MemberChannels implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MemberChannels.class);

    private final Map<URI, ManagedChannel> channels;

    private MemberChannels(Map<URI, ManagedChannel> channels) {
        this.channels = channels;
    }

    /** Channels to every endpoint of {@code connection} (connected lazily, on the first call). */
    public static MemberChannels open(EtcdConnection connection) {
        return open(connection, connection.tls().map(EtcdConnection::sslContext));
    }

    /** As {@link #open(EtcdConnection)} with the TLS context given (a run's shared one, see {@link EtcdClients}). */
    static MemberChannels open(EtcdConnection connection, Optional<SslContext> ssl) {
        Map<URI, ManagedChannel> channels = new LinkedHashMap<>();
        for (URI endpoint : connection.endpoints()) {
            String host = endpoint.getHost().startsWith("[")
                    ? endpoint.getHost().substring(1, endpoint.getHost().length() - 1) : endpoint.getHost();
            NettyChannelBuilder b = NettyChannelBuilder.forAddress(host, endpoint.getPort())
                    .eventLoopGroup(EtcdEventLoop.group()).channelType(EtcdEventLoop.channelType())
                    .intercept(new CallDeadline(connection.timeout()));
            if (ssl.isPresent()) {
                b.sslContext(ssl.get());
            } else {
                b.usePlaintext();
            }
            channels.put(endpoint, b.build());
        }
        return new MemberChannels(channels);
    }

    /** The channel to {@code endpoint}, one of the connection's endpoints. */
    public Channel channel(URI endpoint) {
        ManagedChannel c = channels.get(endpoint);
        if (c == null) {
            throw new IllegalArgumentException(endpoint + " is not an endpoint of this connection");
        }
        return c;
    }

    /** How many channels not shut down yet (a test's count). */
    int open() {
        return (int) channels.values().stream().filter(c -> !c.isShutdown()).count();
    }

    /** Whether a channel failed to connect, or lost its connection, and waits in gRPC's reconnect back-off now. */
    boolean anyFailed() {
        return channels.values().stream()
                .anyMatch(c -> c.getState(false) == io.grpc.ConnectivityState.TRANSIENT_FAILURE);
    }

    /** How many channels are connected now (a test's count). */
    int ready() {
        return (int) channels.values().stream().filter(c -> c.getState(false) == io.grpc.ConnectivityState.READY)
                .count();
    }

    /** Starts connecting every channel now (TCP and TLS handshake) instead of at its first call. */
    public void connect() {
        channels.values().forEach(c -> c.getState(true));
    }

    /** Starts connecting the channel to {@code endpoint}, one of the connection's endpoints, now. */
    public void connect(URI endpoint) {
        ((ManagedChannel) channel(endpoint)).getState(true);
    }

    /** Cancels what still runs and waits, bounded, until every channel has shut down. */
    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
        boolean interrupted = false;
        for (ManagedChannel c : channels.values()) {
            try {
                if (!c.awaitTermination(5, TimeUnit.SECONDS)) {
                    LOG.debug("etcd: a member channel did not terminate within 5 s");
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
