package org.gardenos.remote.ssh;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.Session;

/** Waiting on one sshj command against a deadline ({@link System#nanoTime()} based), for {@link SshRemoteHost}. */
final class SessionWaits {
    private SessionWaits() {
    }

    /**
     * Waits until stdin is fully sent or the command has exited. A command that exits without reading all of its
     * stdin leaves the feeder blocked on a full channel window, and OpenSSH closes the channel only after the
     * client's EOF: so once the exit status is known the feeder is stopped (its stream close sends that EOF).
     */
    static void awaitStdinOrExit(Session.Command cmd, Future<?> feeder, long deadline)
            throws InterruptedException, ExecutionException, TimeoutException {
        while (true) {
            try {
                feeder.get(Math.min(50, remainingMillis(deadline)), TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException stillFeeding) {
                if (cmd.getExitStatus() != null || cmd.getExitSignal() != null || !cmd.isOpen()) {
                    feeder.cancel(true);
                    return;
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw stillFeeding;
                }
            }
        }
    }

    static void join(Session.Command cmd, long deadline) throws IOException, TimeoutException {
        try {
            cmd.join(remainingMillis(deadline), TimeUnit.MILLISECONDS);
        } catch (ConnectionException e) {
            if (System.nanoTime() - deadline >= 0) {
                throw new TimeoutException("channel not closed in time");
            }
            throw e;
        }
    }

    static <T> T await(Future<T> future, long deadline)
            throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
    }

    static long remainingMillis(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }
}
