package org.gardenos.cli.command;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl-C (SIGINT/SIGTERM, which start JVM shutdown) into an interrupt of the command's thread, so the converger
 * stops starting work, lets running steps finish and the command prints its recap; shutdown waits for that (at most
 * {@link #GRACE_SECONDS}). Closing the guard on the normal path removes the hook.
 */
final class InterruptOnShutdown implements AutoCloseable {
    static final long GRACE_SECONDS = 120;

    private final Thread hook;
    private final CountDownLatch done = new CountDownLatch(1);
    private boolean registered;

    private InterruptOnShutdown(Thread worker) {
        this.hook = new Thread(() -> {
            worker.interrupt();
            try {
                done.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gardenos-interrupt");
    }

    static InterruptOnShutdown install() {
        InterruptOnShutdown guard = new InterruptOnShutdown(Thread.currentThread());
        Runtime.getRuntime().addShutdownHook(guard.hook);
        guard.registered = true;
        return guard;
    }

    @Override
    public void close() {
        done.countDown();
        try {
            if (Runtime.getRuntime().removeShutdownHook(hook)) {
                registered = false;
            }
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it returns now that done is counted down
        }
    }

    boolean hookRegistered() {
        return registered;
    }
}
