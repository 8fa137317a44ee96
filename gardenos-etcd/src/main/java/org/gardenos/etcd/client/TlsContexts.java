package org.gardenos.etcd.client;

import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.gardenos.etcd.client.EtcdConnection.ClientTls;

/**
 * The TLS contexts of etcd clients, built once per set of files and content. Why (issue 13): every check that
 * talks to etcd during an apply (member service, prune, health wait, access control) opened a jetcd client with a
 * freshly built context (DRBG seeding, PEM and key parsing), the largest SHA-256 caller of a no-op apply's
 * profile. A context is immutable and may be shared by any number of clients; it holds no connection, so closing a
 * client does not need it back.
 *
 * <p>The key is a digest of the three paths and the files' current content, read on every lookup: a CA, cert or
 * key rewritten in place (a rotation, {@code etcd rotate}) gets a new context on the next client, whatever the
 * file times say. A digest, not the bytes, so the cache does not keep a second copy of the private key. Files
 * that cannot be read are not cached: the build reports them as before.
 */
final class TlsContexts {
    /** A few identities per process (gardenos, k3s); bounded so a long-lived JVM cannot grow it. */
    private static final int MAX = 8;
    private static final Map<String, SslContext> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SslContext> eldest) {
            return size() > MAX;
        }
    };
    private static final AtomicInteger BUILT = new AtomicInteger();

    private TlsContexts() {
    }

    /** The context for {@code tls}, built by {@code build} only when these files with this content have none. */
    static SslContext get(ClientTls tls, Function<ClientTls, SslContext> build) {
        String key;
        try {
            key = key(tls);
        } catch (IOException e) {
            BUILT.incrementAndGet();
            return build.apply(tls);
        }
        synchronized (CACHE) {
            SslContext cached = CACHE.get(key);
            if (cached != null) {
                return cached;
            }
        }
        BUILT.incrementAndGet();
        SslContext built = build.apply(tls);
        synchronized (CACHE) {
            CACHE.put(key, built);
        }
        return built;
    }

    /** How many contexts were built in this process (the test counts them). */
    static int built() {
        return BUILT.get();
    }

    private static String key(ClientTls tls) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
        for (Path p : new Path[] {tls.caCert(), tls.clientCert(), tls.clientKey()}) {
            byte[] name = p.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8);
            byte[] content = Files.readAllBytes(p);
            // lengths first, so no two different (path, content) triples hash the same input
            sha.update(ByteBuffer.allocate(8).putInt(name.length).putInt(content.length).array());
            sha.update(name);
            sha.update(content);
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
