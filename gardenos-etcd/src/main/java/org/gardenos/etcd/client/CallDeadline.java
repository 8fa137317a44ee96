package org.gardenos.etcd.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Gives every gRPC call a deadline (the connection's timeout) unless it has one. Why: jetcd answers
 * {@code statusMember}/{@code defragmentMember} on a channel of their own that it shuts down only when the call
 * completes; a call without a deadline to a member that never answers left that channel to the garbage
 * collector ("was garbage collected without being shut down"). With a deadline every call ends, and so every
 * channel is shut down.
 */
final class CallDeadline implements ClientInterceptor {
    private final Duration timeout;

    CallDeadline(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        CallOptions bounded = options.getDeadline() == null
                ? options.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS) : options;
        return next.newCall(method, bounded);
    }
}
