package org.gardenos.etcd.client;

import io.etcd.jetcd.Client;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The etcd connections of one run (a plan or an apply of the etcd layer, a {@code status}): one TLS context per
 * client identity and one set of member channels per connection, shared by every check that talks to etcd, and
 * closed once at the end. Why (issue 13): every such check built its own jetcd client and TLS context, so a no-op
 * plan made 4 TLS handshakes to every member (12 on 3 members) and 4 contexts; the key exchanges and signatures of
 * those handshakes were the hottest frames of its profile.
 *
 * <p>A TLS context is keyed on the <em>content</em> of the CA, certificate and key files (and their paths): a
 * certificate reissued during the run gets a context of its own. Channels are dropped by {@link #reconnect} when
 * the run has restarted or started members: a channel that saw its member go away waits in gRPC's reconnect back-off
 * (a second and more) before it connects again, and a check must not read that as the member being down. Opening
 * is lazy: a run that never talks to etcd builds nothing.
 */
public final class EtcdClients implements AutoCloseable {
    private final Map<String, SslContext> contexts = new LinkedHashMap<>();
    private final Map<String, MemberChannels> channels = new LinkedHashMap<>();
    /** Keys of shared channels a caller of {@link #channels} has been given (not only connected ahead). */
    private final java.util.Set<String> given = new java.util.HashSet<>();
    private final java.util.List<MemberChannels> made = new java.util.ArrayList<>();
    private int contextsBuilt;
    private int channelsOpened;
    private boolean closed;

    /** The TLS context of {@code tls}'s files as they are now; built once per content. */
    public synchronized SslContext tls(EtcdConnection.ClientTls tls) {
        Optional<String> key = key(tls);
        if (key.isEmpty()) {
            // a file is unreadable: built (and failing) as before, nothing kept
            return ClientTlsContext.build(tls);
        }
        SslContext c = contexts.get(key.get());
        if (c == null) {
            c = ClientTlsContext.build(tls);
            contextsBuilt++;
            contexts.put(key.get(), c);
        }
        return c;
    }

    /**
     * The channels to every endpoint of {@code connection}, shared by every caller of this run until
     * {@link #reconnect} or {@link #close}; callers must not close them.
     */
    public MemberChannels channels(EtcdConnection connection) {
        MemberChannels failed = null;
        MemberChannels c;
        synchronized (this) {
            String key = key(connection);
            c = channels.get(key);
            if (c != null && !given.contains(key) && c.anyFailed()) {
                // connected ahead ({@link #ahead}) and refused or lost since: the first caller connects again, so
                // it reads the member as it is now, not through gRPC's reconnect back-off
                failed = c;
                channels.remove(key);
                c = null;
            }
            if (c == null) {
                c = open(key, connection);
            }
            given.add(key);
        }
        if (failed != null) {
            failed.close();
        }
        return c;
    }

    /**
     * The shared channels of {@code connection}, made now (or as they are) for connecting ahead of the run's checks
     * (see {@code EtcdRun.start}); the first caller of {@link #channels} gets them, or fresh ones when one of them
     * failed to connect meanwhile.
     */
    public synchronized MemberChannels ahead(EtcdConnection connection) {
        String key = key(connection);
        MemberChannels c = channels.get(key);
        return c != null ? c : open(key, connection);
    }

    private MemberChannels open(String key, EtcdConnection connection) {
        if (closed) {
            throw new IllegalStateException("etcd connections of this run are closed");
        }
        MemberChannels c = MemberChannels.open(connection, connection.tls().map(this::tls));
        track(c);
        channels.put(key, c);
        return c;
    }

    private static String key(EtcdConnection connection) {
        return connection.endpoints() + " " + connection.timeout() + " "
                + connection.tls().map(t -> key(t).orElse("unreadable " + t)).orElse("plain");
    }

    /** Channels of their own (the caller closes them) with this run's TLS context: for waits across restarts. */
    public MemberChannels fresh(EtcdConnection connection) {
        MemberChannels c = MemberChannels.open(connection, connection.tls().map(this::tls));
        synchronized (this) {
            track(c);
        }
        return c;
    }

    /** A jetcd client over every endpoint with this run's TLS context; the caller closes it. */
    public Client open(EtcdConnection connection) {
        return connection.open(connection.tls().map(this::tls));
    }

    /** Closes the shared channels (members were restarted); the next caller connects again. Contexts are kept. */
    public void reconnect() {
        java.util.List<MemberChannels> open;
        synchronized (this) {
            open = java.util.List.copyOf(channels.values());
            channels.clear();
            given.clear();
        }
        open.forEach(MemberChannels::close);
    }

    /** Counts what is opened; keeps only what is not closed yet (a long wait opens channels at every poll). */
    private void track(MemberChannels c) {
        made.removeIf(m -> m.open() == 0);
        made.add(c);
        channelsOpened += c.open();
    }

    /** Member channels of this run not closed yet, shared or not. */
    public synchronized int channelsOpen() {
        return made.stream().mapToInt(MemberChannels::open).sum();
    }

    /** Shared member channels of this run that are connected now (a test's count). */
    public synchronized int channelsReady() {
        return channels.values().stream().mapToInt(MemberChannels::ready).sum();
    }

    /** Sets of shared member channels of this run with a channel in gRPC's reconnect back-off now (a test's count). */
    public synchronized int channelsFailed() {
        return (int) channels.values().stream().filter(MemberChannels::anyFailed).count();
    }

    /** TLS contexts built so far (one per identity and content). */
    public synchronized int contextsBuilt() {
        return contextsBuilt;
    }

    /** Member channels opened so far (shared and fresh ones). */
    public synchronized int channelsOpened() {
        return channelsOpened;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        reconnect();
    }

    /** SHA-256 of the three paths and their content; empty when one cannot be read. */
    private static Optional<String> key(EtcdConnection.ClientTls t) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (Path p : new Path[] {t.caCert(), t.clientCert(), t.clientKey()}) {
                d.update(p.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
                d.update((byte) 0);
                byte[] content = Files.readAllBytes(p);
                d.update(Integer.toString(content.length).getBytes(StandardCharsets.US_ASCII));
                d.update((byte) 0);
                d.update(content);
            }
            return Optional.of(HexFormat.of().formatHex(d.digest()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
