package org.gardenos.remote.ssh;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.SshSettings;
import org.gardenos.logging.SecretRedactor;
import org.gardenos.remote.RemoteHost;
import org.gardenos.remote.RemoteHostConnector;

/**
 * The SSH {@link RemoteHostConnector}: one connection per host name, kept for the connector's lifetime and shared
 * by every command, transfer and thread ({@code connect} twice answers the same {@link RemoteHost}; a connection
 * that died is re-dialled on the next use). Host keys are always checked against {@code ssh.knownHosts} under the
 * given {@link HostKeyPolicy}. The client key is loaded (and decrypted) once, on the first connect.
 * {@link #close()} closes every connection.
 */
public final class SshRemoteHostConnector implements RemoteHostConnector, AutoCloseable {
    private final SshSettings settings;
    private final SshDialer dialer;
    private final ExecutorService io;
    private final SecretRedactor redactor;
    private final Map<String, SshRemoteHost> hosts = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public SshRemoteHostConnector(SshSettings settings, HostKeyPolicy policy) {
        this(settings, policy, System::getenv);
    }

    /**
     * As {@link #SshRemoteHostConnector(SshSettings, HostKeyPolicy)} with the environment lookup given (where
     * {@code GARDENOS_SSH_PASSPHRASE} comes from), for embedding tools and tests.
     */
    public SshRemoteHostConnector(SshSettings settings, HostKeyPolicy policy, Function<String, String> env) {
        this.settings = settings;
        this.redactor = SecretRedactor.global();
        DefaultConfig config = SshAlgorithms.config();
        config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
        Supplier<KeyProvider> key = memoize(() -> ClientKeys.load(settings.privateKey(), config, env,
                System::console, redactor));
        this.dialer = new SshDialer(settings, policy, config, key);
        this.io = Executors.newCachedThreadPool(daemonThreads());
    }

    /**
     * The host's connection, opened now when there is none (or it died). Throws {@link HostKeyRejectedException}
     * for a refused host key, {@link org.gardenos.remote.RemoteException} for network and authentication
     * failures, {@link org.gardenos.error.InputException} for an unusable key file or passphrase.
     */
    @Override
    public RemoteHost connect(HostSpec host) {
        if (closed) {
            throw new IllegalStateException("the SSH connector is closed");
        }
        List<SshRemoteHost> replaced = new ArrayList<>(1);
        SshRemoteHost remote = hosts.compute(host.name(), (name, old) -> {
            if (old != null && !old.isClosed() && old.address().equals(host.address())) {
                return old;
            }
            if (old != null) {
                replaced.add(old);
            }
            return new SshRemoteHost(host, settings, dialer, io, redactor);
        });
        replaced.forEach(SshRemoteHost::close);
        remote.liveClient();
        return remote;
    }

    @Override
    public void close() {
        closed = true;
        hosts.values().forEach(SshRemoteHost::close);
        hosts.clear();
        io.shutdownNow();
    }

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "gardenos-ssh-io-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

}
