package org.gardenos.etcd.client;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event loop of every etcd member channel of the process ({@link MemberChannels}), stopped when the JVM shuts
 * down. gRPC's own shared loop (what a channel without one gets) is stopped only a second after its last channel
 * closed, so in a command-line run its threads were still waiting in {@code epoll_wait} when the CLI exited. The
 * JVM's exit waits up to 300 ms for threads in native code to come back (HotSpot's
 * {@code VM_Exit::wait_for_threads_in_native_to_block}): every command that talked to etcd ended with that wait
 * after its output was written (issue 13: about 340 ms of `status base etcd lb`'s wall time, on no CPU). Here the
 * loop's threads are told to end by a shutdown hook, which runs before that wait; they leave the selector at once.
 * Same threads and channel type as gRPC's default (NIO, two per CPU, daemon), started at the first channel. Unlike
 * gRPC's shared loop, which ends its threads after a second without channels, these idle (parked in the selector,
 * no CPU) until the JVM ends: a long-lived JVM that embeds GardenOS keeps them for its lifetime.
 */
final class EtcdEventLoop {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdEventLoop.class);
    static final String THREADS = "gardenos-etcd-io";
    /** Bounds the hook: a loop busy with a last task must not hold up the exit (gRPC would have left it running). */
    private static final long STOP_MILLIS = 1_000;

    private EtcdEventLoop() {
    }

    /** The loop, made (with its shutdown hook) by the first caller. */
    static EventLoopGroup group() {
        return Holder.GROUP;
    }

    static Class<NioSocketChannel> channelType() {
        return NioSocketChannel.class;
    }

    /** Ends the loop's threads and waits for them, bounded; what the shutdown hook runs. */
    static boolean stop(EventLoopGroup group) {
        boolean ended = group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(STOP_MILLIS, TimeUnit.MILLISECONDS);
        if (!ended) {
            LOG.debug("etcd: the member channels' event loop did not end within {} ms", STOP_MILLIS);
        }
        return ended;
    }

    /** The shutdown hook that stops {@link #group()} (a test's handle: it is registered once the loop exists). */
    static Thread hook() {
        return Holder.HOOK;
    }

    /** A loop of daemon threads named {@code name-N-M}, as gRPC's default but for the name. */
    static EventLoopGroup newGroup(String name) {
        return new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory(name, true), NioIoHandler.newFactory());
    }

    private static final class Holder {
        static final EventLoopGroup GROUP = newGroup(THREADS);
        static final Thread HOOK = new Thread(() -> stop(GROUP), THREADS + "-stop");

        static {
            Runtime.getRuntime().addShutdownHook(HOOK);
        }
    }
}
