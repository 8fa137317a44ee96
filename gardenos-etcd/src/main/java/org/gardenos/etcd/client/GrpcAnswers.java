package org.gardenos.etcd.client;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.ExecutionException;

/**
 * Waits for a call sent with a gRPC future stub, so several calls can be in flight at once (issue 13) and still
 * be answered, or fail, the way the blocking stub answers one: the answer, or its {@link StatusRuntimeException}.
 * Every call must carry a deadline (the wait here has none of its own).
 */
public final class GrpcAnswers {
    private GrpcAnswers() {
    }

    public static <T> T answer(ListenableFuture<T> call) {
        try {
            return call.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StatusRuntimeException s) {
                throw s;
            }
            throw Status.fromThrowable(e.getCause()).asRuntimeException();
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw Status.CANCELLED.withDescription("interrupted").withCause(e).asRuntimeException();
        }
    }
}
