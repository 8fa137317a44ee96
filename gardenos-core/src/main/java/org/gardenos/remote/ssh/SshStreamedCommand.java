package org.gardenos.remote.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import org.gardenos.logging.SecretRedactor;
import org.gardenos.remote.CommandResult;
import org.gardenos.remote.RemoteException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One command whose standard output is copied into a stream as it arrives ({@link SshRemoteHost#execStreaming}):
 * a dump of any size never sits in memory. Standard error is kept up to {@value #MAX_STDERR} bytes (host output is
 * untrusted). The host bounds the command with coreutils timeout; a local deadline a little later is the backstop.
 * A failure of the sink (disk full, the caller stopping) closes the channel, so the command on the host ends too.
 */
final class SshStreamedCommand {
    private static final Logger LOG = LoggerFactory.getLogger(SshStreamedCommand.class);
    static final int MAX_STDERR = 64 * 1024;
    private static final int BACKSTOP_SECONDS = 10;

    private final String hostName;
    private final String logged;
    private final SecretRedactor redactor;
    private final ExecutorService io;

    SshStreamedCommand(String hostName, String logged, SecretRedactor redactor, ExecutorService io) {
        this.hostName = hostName;
        this.logged = logged;
        this.redactor = redactor;
        this.io = io;
    }

    CommandResult run(SSHClient client, String wire, OutputStream sink, Duration timeout) {
        long deadline = System.nanoTime()
                + timeout.plusSeconds(RemoteCommandLines.KILL_GRACE_SECONDS + BACKSTOP_SECONDS).toNanos();
        LOG.debug("{}: $ {} (output streamed)", hostName, logged);
        try (Session session = client.startSession()) {
            Session.Command cmd = session.exec(wire);
            cmd.getOutputStream().close(); // no stdin: the command sees EOF at once
            Future<byte[]> stderr = io.submit(() -> capped(cmd.getErrorStream()));
            long bytes;
            try {
                bytes = copy(cmd.getInputStream(), sink, deadline);
            } catch (IOException sinkOrChannel) {
                cmd.close();
                throw sinkOrChannel;
            }
            byte[] err = stderr.get(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())),
                    TimeUnit.MILLISECONDS);
            cmd.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())), TimeUnit.MILLISECONDS);
            cmd.close();
            Integer status = cmd.getExitStatus();
            String errText = new String(err, StandardCharsets.UTF_8)
                    + (status == null ? "(no exit status: killed by signal " + cmd.getExitSignal() + ")" : "");
            LOG.debug("{}: exit {} after {} bytes streamed: `{}`", hostName, status, bytes, logged);
            return new CommandResult(hostName, logged, status == null ? -1 : status, "", redactor.redact(errText));
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new RemoteException(hostName, "streaming `" + logged + "` failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteException(hostName, "interrupted while streaming `" + logged + "`", e);
        }
    }

    private static long copy(InputStream in, OutputStream out, long deadline) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
            total += n;
            if (System.nanoTime() - deadline >= 0) {
                throw new IOException("the host's timeout did not end the command in time");
            }
        }
        out.flush();
        return total;
    }

    private static byte[] capped(InputStream in) throws IOException {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            kept.write(buffer, 0, Math.min(n, Math.max(0, MAX_STDERR - kept.size())));
        }
        return kept.toByteArray();
    }
}
