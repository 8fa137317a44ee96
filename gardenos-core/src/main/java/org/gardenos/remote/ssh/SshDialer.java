package org.gardenos.remote.ssh;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import net.schmizz.sshj.Config;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.SshSettings;
import org.gardenos.remote.RemoteException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens one authenticated sshj connection to a host: connect timeout, keep-alive, host key verification, public
 * key authentication. Turns every failure into one line that names host, address and user.
 */
final class SshDialer {
    private static final Logger LOG = LoggerFactory.getLogger(SshDialer.class);
    /** keepalive@openssh.com every 15 s; sshj gives up after 5 unanswered ones, so a dead peer is noticed in ~75 s. */
    static final int KEEP_ALIVE_SECONDS = 15;

    private final SshSettings settings;
    private final HostKeyPolicy policy;
    private final Config config;
    private final Supplier<KeyProvider> clientKey;

    SshDialer(SshSettings settings, HostKeyPolicy policy, Config config, Supplier<KeyProvider> clientKey) {
        this.settings = settings;
        this.policy = policy;
        this.config = config;
        this.clientKey = clientKey;
    }

    SSHClient dial(HostSpec host) {
        KeyProvider key = clientKey.get(); // bad key input fails before any network traffic
        if (settings.knownHosts() == null) {
            throw new org.gardenos.error.InputException("ssh.knownHosts is not set: host keys are always verified");
        }
        KnownHostsFile.requireKnownHostsFormat(settings.knownHosts());
        String where = host.address() + ":" + settings.port();
        int connectMillis = Math.toIntExact(settings.connectTimeout().toMillis());
        SSHClient client = new SSHClient(config);
        long started = System.nanoTime();
        try {
            KnownHostsVerifier verifier = new KnownHostsVerifier(host.name(), settings.knownHosts(), policy);
            client.addHostKeyVerifier(verifier);
            client.setConnectTimeout(connectMillis);
            // sshj reads the server's ident line on this thread with a plain blocking read: only a socket read
            // timeout bounds it (a peer that accepts TCP and stays silent would hang us forever). sshj's reader
            // thread retries on read timeouts, and the timeout is lifted once logged in.
            client.setTimeout(connectMillis);
            // bounds the key exchange and the authentication answers
            client.getTransport().setTimeoutMs(connectMillis);
            client.getConnection().getKeepAlive().setKeepAliveInterval(KEEP_ALIVE_SECONDS);
            try {
                client.connect(host.address(), settings.port());
            } catch (IOException e) {
                if (verifier.rejection() != null) {
                    throw verifier.rejection();
                }
                throw connectFailure(host, where, e);
            }
            try {
                client.authPublickey(settings.user(), key);
            } catch (UserAuthException e) {
                throw new RemoteException(host.name(), where + " refused user '" + settings.user() + "' with key "
                        + settings.privateKey() + " (" + SshFingerprints.describe(key.getPublic()) + "): is its public"
                        + " key in ~" + settings.user() + "/.ssh/authorized_keys on the host?");
            } catch (IOException e) {
                throw new RemoteException(host.name(), "SSH authentication of user '" + settings.user() + "' at " + where
                        + " failed: " + e.getMessage(), e);
            }
            client.getSocket().setSoTimeout(0);
            // the time of TCP connect, key exchange, host key check and authentication, for the -v timeline of a run
            LOG.debug("{}: connected to {} as {} in {} ms", host.name(), where, settings.user(),
                    (System.nanoTime() - started) / 1_000_000);
            return client;
        } catch (IOException | RuntimeException e) {
            closeQuietly(client);
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e;
            }
            throw new RemoteException(host.name(), "cannot connect to " + where + ": " + e.getMessage(), e);
        }
    }

    private RemoteException connectFailure(HostSpec host, String where, IOException e) {
        long seconds = settings.connectTimeout().toSeconds();
        String detail;
        if (e instanceof ConnectException) {
            detail = "connection refused by " + where + " (is sshd running and listening on port " + settings.port() + "?)";
        } else if (e instanceof SocketTimeoutException) {
            detail = "no answer from " + where + " within " + seconds + " s (ssh.connectTimeout)";
        } else if (e instanceof NoRouteToHostException || e instanceof UnknownHostException) {
            detail = "cannot reach " + where + ": " + e.getMessage();
        } else if (isTimeout(e)) {
            detail = where + " accepted the TCP connection but did not complete the SSH handshake within " + seconds
                    + " s (ssh.connectTimeout)";
        } else {
            detail = "SSH handshake with " + where + " failed: " + e.getMessage();
        }
        return new RemoteException(host.name(), detail, e);
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof SocketTimeoutException
                    || (t.getMessage() != null && t.getMessage().toLowerCase(java.util.Locale.ROOT).contains("timeout"))) {
                return true;
            }
        }
        return false;
    }

    static void closeQuietly(SSHClient client) {
        try {
            client.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("ignored while closing an SSH connection: {}", e.toString());
        }
    }
}
