package org.gardenos.etcd.client;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.maintenance.DefragmentResponse;
import io.etcd.jetcd.maintenance.StatusResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A jetcd {@link Client} whose per-member calls are settled before it closes. Why (issue 9 item 11): jetcd answers
 * {@code statusMember}/{@code defragmentMember} on a channel of its own that it shuts down only when the call's
 * future completes, and it completes that future on the client's Vert.x event loop. A caller that stopped waiting
 * (its own timeout, an interrupt) and then closed the client stopped that event loop first: the completion never
 * ran, the channel was never shut down and gRPC reported it later as "garbage collected without being shut down".
 * Here {@link #close} waits, bounded, for every such call to end (each has a deadline, see {@link CallDeadline}),
 * so its channel is shut down while the event loop still runs.
 */
public final class SettlingClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SettlingClient.class);
    /** Beyond the call deadline: time for the deadline to fire and the completion to run. */
    private static final Duration GRACE = Duration.ofSeconds(5);

    private final Client client;
    private final Duration deadline;
    private final List<CompletableFuture<?>> perMemberCalls = new CopyOnWriteArrayList<>();

    SettlingClient(Client client, Duration deadline) {
        this.client = client;
        this.deadline = deadline;
    }

    /** The wrapped client for every call on its shared channel (closed with it). */
    public Client client() {
        return client;
    }

    public CompletableFuture<StatusResponse> statusMember(String endpoint) {
        return track(client.getMaintenanceClient().statusMember(endpoint));
    }

    public CompletableFuture<DefragmentResponse> defragmentMember(String endpoint) {
        return track(client.getMaintenanceClient().defragmentMember(endpoint));
    }

    private <T> CompletableFuture<T> track(CompletableFuture<T> call) {
        perMemberCalls.add(call);
        return call;
    }

    @Override
    public void close() {
        long until = System.nanoTime() + deadline.plus(GRACE).toNanos();
        boolean interrupted = false;
        for (CompletableFuture<?> call : perMemberCalls) {
            try {
                call.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (Exception e) {
                // failed or timed out: only its end matters here, its answer was handled (or given up) by the caller
            }
            if (!call.isDone()) {
                LOG.warn("etcd: a per-member call did not end within {} s; its gRPC channel may stay open",
                        deadline.plus(GRACE).toSeconds());
            }
        }
        client.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
