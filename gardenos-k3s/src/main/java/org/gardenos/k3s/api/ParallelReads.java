package org.gardenos.k3s.api;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.gardenos.error.GardenException;

/**
 * Reads of a status sent at once instead of one after the other (issue 13), on daemon threads that end with it.
 * {@link #answer} gives a read's value or throws what the read threw, so a caller that asks the answers in its old
 * order reports the same first failure as before. Start them once a first call has opened the connection: the API
 * server's HTTP/2 then carries them all on it (started on a cold client, each could open a connection of its own).
 */
public final class ParallelReads implements AutoCloseable {
    private final ExecutorService pool;

    public ParallelReads(String name, int reads) {
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(Math.max(1, reads), r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public <T> Future<T> start(Callable<T> read) {
        return pool.submit(read);
    }

    /** The value of a read, or the exception it threw, as if it had been called here. */
    public static <T> T answer(Future<T> read) {
        try {
            return read.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new GardenException("a read failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GardenException("interrupted while reading", e);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
