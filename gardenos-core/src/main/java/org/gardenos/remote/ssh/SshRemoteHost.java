package org.gardenos.remote.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.SshSettings;
import org.gardenos.logging.SecretRedactor;
import org.gardenos.remote.CommandResult;
import org.gardenos.remote.Probe;
import org.gardenos.remote.ProbeAnswer;
import org.gardenos.remote.RemoteException;
import org.gardenos.remote.RemoteHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A host reached over one sshj connection, shared by every command and transfer and by every thread. Each command
 * gets its own session channel (sshj: one Session per command); at most {@value #MAX_SESSIONS} run at once,
 * below OpenSSH's default {@code MaxSessions 10}, the others wait. A dead connection (keep-alive or a transport
 * error noticed it) is replaced by a new one on the next call; the failed command itself is not retried, since it
 * may have run.
 *
 * <p>Logging (debug): the command as given (not the sh/sudo wrapping), exit code, and outputs, all passed through
 * {@link SecretRedactor}. File contents of uploads and reads are never logged, only their size.
 * {@link CommandResult#stderr()} is redacted too (it ends up in error messages); {@code stdout} is data and is not.
 */
final class SshRemoteHost implements RemoteHost {
    private static final Logger LOG = LoggerFactory.getLogger(SshRemoteHost.class);
    static final int MAX_SESSIONS = 8;
    private static final int MAX_LOGGED_CHARS = 4000;
    /** Local backstop beyond the host-side timeout and its kill grace. */
    private static final int BACKSTOP_SECONDS = 10;
    private static final Stdin NO_STDIN = in -> { };

    private final HostSpec host;
    private final SshSettings settings;
    private final SshDialer dialer;
    private final ExecutorService io;
    private final SecretRedactor redactor;
    private final Semaphore sessions = new Semaphore(MAX_SESSIONS, true);
    private final AtomicInteger sessionsOpened = new AtomicInteger();
    private SSHClient client; // guarded by this
    private boolean closed; // guarded by this

    SshRemoteHost(HostSpec host, SshSettings settings, SshDialer dialer, ExecutorService io, SecretRedactor redactor) {
        this.host = host;
        this.settings = settings;
        this.dialer = dialer;
        this.io = io;
        this.redactor = redactor;
    }

    @Override
    public String name() {
        return host.name();
    }

    @Override
    public String address() {
        return host.address();
    }

    /** The live connection, dialled now if there is none or the last one died. */
    synchronized SSHClient liveClient() {
        if (closed) {
            throw new RemoteException(host.name(), "the connection to " + host.address() + " was closed");
        }
        if (client == null || !client.isConnected() || !client.getTransport().isRunning()) {
            if (client != null) {
                LOG.info("{}: connection to {} died, reconnecting", host.name(), host.address());
                SshDialer.closeQuietly(client);
            }
            client = null;
            client = dialer.dial(host);
        }
        return client;
    }

    /** Whether the current connection is up (no reconnect attempt). */
    synchronized boolean isConnected() {
        return !closed && client != null && client.isConnected() && client.getTransport().isRunning();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public CommandResult exec(String command) {
        return exec(command, new byte[0]);
    }

    @Override
    public CommandResult exec(String command, byte[] stdin) {
        String logged = redactor.redact(command);
        SshCommandOutput out = run(logged, command, in -> in.write(stdin), true);
        return out.result(host.name(), logged, redactor);
    }

    @Override
    public CommandResult execStreaming(String command, java.io.OutputStream stdout, Duration timeout) {
        String logged = redactor.redact(command);
        acquireSession(logged, System.nanoTime() + settings.commandTimeout().toNanos());
        try {
            sessionsOpened.incrementAndGet();
            return new SshStreamedCommand(host.name(), logged, redactor, io)
                    .run(liveClient(), RemoteCommandLines.asRoot(command, settings.isRoot(), timeout), stdout, timeout);
        } finally {
            sessions.release();
        }
    }

    @Override
    public void upload(String path, byte[] content, int mode, String owner) {
        String logged = redactor.redact("upload " + path + " (" + content.length + " bytes, mode "
                + RemoteCommandLines.modeString(mode) + ", owner " + owner + ")");
        String script = RemoteCommandLines.upload(path, mode, owner);
        SshCommandOutput out = run(logged, script, in -> in.write(content), true);
        out.result(host.name(), logged, redactor).requireOk();
    }

    /** Streams {@code local} as the upload's stdin: a release binary is never held in memory. */
    @Override
    public void upload(String path, java.nio.file.Path local, int mode, String owner) {
        long size;
        try {
            size = java.nio.file.Files.size(local);
        } catch (IOException e) {
            throw new RemoteException(host.name(), "cannot read " + local + " to upload it to " + path + ": "
                    + e.getMessage(), e);
        }
        String logged = redactor.redact("upload " + path + " (" + size + " bytes from " + local + ", mode "
                + RemoteCommandLines.modeString(mode) + ", owner " + owner + ")");
        // a local read error ends stdin early: the size check on the host then refuses the short copy
        SshCommandOutput out = run(logged, RemoteCommandLines.upload(path, mode, owner, size),
                in -> java.nio.file.Files.copy(local, in), true);
        out.result(host.name(), logged, redactor).requireOk();
    }

    @Override
    public Optional<byte[]> read(String path) {
        String logged = redactor.redact("read " + path);
        SshCommandOutput out = run(logged, RemoteCommandLines.read(path), NO_STDIN, false);
        if (out.exitCode == RemoteCommandLines.READ_MISSING_EXIT) {
            return Optional.empty();
        }
        out.result(host.name(), logged, redactor).requireOk();
        return Optional.of(out.stdout);
    }

    /**
     * Every probe in one session ({@link ProbeScript}); each answer is built as its single call would build it
     * (logged command, redacted stderr). When the script itself fails (transport, timeout, unexpected output)
     * nothing is answered and the caller asks each probe on its own, so the failure is reported per resource.
     */
    @Override
    public Map<Probe, ProbeAnswer> probeAll(List<Probe> probes) {
        List<Probe> distinct = probes.stream().distinct().toList();
        if (distinct.isEmpty()) {
            return Map.of();
        }
        String logged = "probe script (" + distinct.size() + " probes)";
        SshCommandOutput out;
        try {
            out = run(logged, ProbeScript.script(distinct), NO_STDIN, false);
        } catch (RemoteException e) {
            LOG.debug("{}: {} failed, the probes run one by one: {}", host.name(), logged, e.getMessage());
            return Map.of();
        }
        Optional<List<ProbeScript.Part>> parts = out.exitCode == 0 ? ProbeScript.parse(out.stdout, distinct.size())
                : Optional.empty();
        if (parts.isEmpty()) {
            LOG.debug("{}: {} gave unexpected output (exit {}), the probes run one by one", host.name(), logged,
                    out.exitCode);
            return Map.of();
        }
        Map<Probe, ProbeAnswer> answers = new LinkedHashMap<>();
        for (int i = 0; i < distinct.size(); i++) {
            Probe probe = distinct.get(i);
            ProbeScript.Part part = parts.get().get(i);
            boolean read = probe instanceof Probe.FileRead;
            String command = read ? "read " + ((Probe.FileRead) probe).path() : ProbeScript.commandOf(probe);
            String shown = redactor.redact(command);
            SshCommandOutput single = new SshCommandOutput(part.exitCode(), null, part.stdout(), part.stderr());
            log(shown, single, !read, 0);
            answers.put(probe, new ProbeAnswer(single.result(host.name(), shown, redactor), part.stdout()));
        }
        return answers;
    }

    /** How many SSH sessions (one per command, upload, read or probe script) this host has opened. */
    int sessionsOpened() {
        return sessionsOpened.get();
    }

    @Override
    public void close() {
        SSHClient toClose;
        synchronized (this) {
            closed = true;
            toClose = client;
            client = null;
        }
        if (toClose != null) {
            SshDialer.closeQuietly(toClose);
            LOG.debug("{}: connection to {} closed after {} SSH sessions", host.name(), host.address(),
                    sessionsOpened.get());
        }
    }

    /** What a command reads on stdin, written to the channel's stream (which is closed afterwards: EOF). */
    private interface Stdin {
        void writeTo(OutputStream in) throws IOException;
    }

    /**
     * Runs {@code script} as root in a new session channel, feeding {@code stdin}. The host ends it after
     * ssh.commandTimeout (see {@link RemoteCommandLines#asRoot}); a local deadline a little later is the backstop.
     */
    private SshCommandOutput run(String logged, String script, Stdin stdin, boolean logStdout) {
        Duration timeout = settings.commandTimeout();
        String wire = RemoteCommandLines.asRoot(script, settings.isRoot(), timeout);
        long deadline = System.nanoTime()
                + timeout.plusSeconds(RemoteCommandLines.KILL_GRACE_SECONDS + BACKSTOP_SECONDS).toNanos();
        SSHClient c = liveClient();
        LOG.debug("{}: $ {}", host.name(), logged);
        acquireSession(logged, deadline);
        Session session = null;
        boolean abandoned = false;
        try {
            session = c.startSession();
            sessionsOpened.incrementAndGet();
            long started = System.nanoTime();
            Session.Command cmd = session.exec(wire);
            Future<byte[]> stdout = reader(cmd, cmd.getInputStream(), "stdout");
            Future<byte[]> stderr = reader(cmd, cmd.getErrorStream(), "stderr");
            Future<?> feeder = io.submit(() -> feed(cmd, stdin));
            try {
                byte[] out = SessionWaits.await(stdout, deadline);
                byte[] err = SessionWaits.await(stderr, deadline);
                SessionWaits.awaitStdinOrExit(cmd, feeder, deadline);
                SessionWaits.join(cmd, deadline);
                cmd.close(); // sshj knows the exit status once the channel is closed
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                SshCommandOutput result = new SshCommandOutput(cmd.getExitStatus(), cmd.getExitSignal(), out, err);
                log(logged, result, logStdout, millis);
                if ((result.exitCode == RemoteCommandLines.TIMEOUT_EXIT
                        || result.exitCode == RemoteCommandLines.TIMEOUT_KILLED_EXIT) && millis >= timeout.toMillis()) {
                    throw timedOut(logged, timeout);
                }
                return result;
            } catch (TimeoutException e) {
                stdout.cancel(true);
                stderr.cancel(true);
                feeder.cancel(true);
                abandoned = true;
                // closing waits for the server's answer, which may never come: not on this thread
                io.submit(() -> closeQuietly(cmd));
                LOG.warn("{}: `{}` outlived ssh.commandTimeout on the host too; its channel was abandoned",
                        host.name(), logged);
                throw timedOut(logged, timeout);
            }
        } catch (IOException e) {
            throw new RemoteException(host.name(), "SSH connection to " + host.address() + " failed while running `"
                    + logged + "`: " + e.getMessage(), e);
        } catch (ExecutionException e) {
            // past the output limit the reader closes the channel itself; closing it here again could wait
            abandoned = e.getCause() instanceof BoundedOutput.TooLarge;
            throw failed(logged, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteException(host.name(), "interrupted while running `" + logged + "`", e);
        } finally {
            if (session != null && !abandoned) {
                closeQuietly(session);
            }
            sessions.release();
        }
    }

    /** Reads one stream of {@code cmd}, at most {@link BoundedOutput#MAX_BYTES}; past that the channel is closed. */
    private Future<byte[]> reader(Session.Command cmd, java.io.InputStream stream, String name) {
        return io.submit(() -> BoundedOutput.read(stream, name, BoundedOutput.MAX_BYTES,
                () -> io.submit(() -> closeQuietly(cmd))));
    }

    private RemoteException failed(String logged, Throwable cause) {
        if (cause instanceof BoundedOutput.TooLarge tooLarge) {
            return new RemoteException(host.name(), "command `" + logged + "` " + tooLarge.describe());
        }
        return new RemoteException(host.name(), "SSH connection to " + host.address() + " failed while running `"
                + logged + "`: " + cause, cause);
    }

    private RemoteException timedOut(String logged, Duration timeout) {
        return new RemoteException(host.name(), "command `" + logged + "` did not finish within "
                + timeout.toSeconds() + " s (ssh.commandTimeout)");
    }

    private Void closeQuietly(java.io.Closeable channel) {
        try {
            channel.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("{}: ignored while closing a session: {}", host.name(), e.toString());
        }
        return null;
    }

    private void acquireSession(String logged, long deadline) {
        try {
            if (!sessions.tryAcquire(SessionWaits.remainingMillis(deadline), TimeUnit.MILLISECONDS)) {
                throw new RemoteException(host.name(), "command `" + logged + "` waited " + settings.commandTimeout().toSeconds()
                        + " s (ssh.commandTimeout) for one of the " + MAX_SESSIONS + " sessions of the connection");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteException(host.name(), "interrupted while waiting to run `" + logged + "`", e);
        }
    }

    /** Writes stdin and then EOF: a command that reads stdin must see its end, with or without content. */
    private Void feed(Session.Command cmd, Stdin stdin) {
        try (OutputStream in = cmd.getOutputStream()) {
            stdin.writeTo(in);
            in.flush();
        } catch (IOException e) {
            // the command exited without reading all of its stdin: its exit code says what happened
            LOG.debug("{}: stdin not fully consumed: {}", host.name(), e.toString());
        }
        return null;
    }

    private void log(String logged, SshCommandOutput out, boolean logStdout, long millis) {
        if (!LOG.isDebugEnabled()) {
            return;
        }
        String stdout = logStdout ? clip(redactor.redact(out.stdoutText())) : "(" + out.stdout.length + " bytes, not logged)";
        LOG.debug("{}: exit {} after {} ms: `{}`; stdout: {}; stderr: {}", host.name(), out.exitCode, millis, logged,
                stdout, clip(redactor.redact(out.stderrText())));
    }

    private static String clip(String text) {
        String t = text.strip();
        return t.length() <= MAX_LOGGED_CHARS ? t : t.substring(0, MAX_LOGGED_CHARS) + "... (" + t.length() + " chars)";
    }
}
