package org.gardenos.lb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.gardenos.error.GardenException;

/**
 * Reads a load balancer's stats page ({@code http://HOST:statsPort/stats;csv}) with the generated credentials.
 * The password travels only in the Authorization header of a request to the load balancer itself.
 *
 * <p>Plain {@link HttpURLConnection}, not {@code java.net.http.HttpClient} (issue 13): the page is plain HTTP, and
 * building an {@code HttpClient} set up the JDK's default TLS context (its CA store parsed) and loaded about 750
 * classes in every {@code status} run, whether or not lb was asked. No proxy, no redirect followed, no cache, as
 * before; the whole request gets the timeout and the body is bounded (it comes from the host).
 */
public final class HaproxyStatsClient {
    /** A stats CSV has one line per frontend, backend and server: a few KiB. */
    static final int MAX_BODY = 4 * 1024 * 1024;

    private final Duration timeout;

    public HaproxyStatsClient(Duration timeout) {
        this.timeout = timeout;
    }

    public LoadBalancerStatus fetch(String hostName, String address, int statsPort, String user, String password) {
        String host = address.indexOf(':') >= 0 ? "[" + address + "]" : address;
        URI uri = URI.create("http://" + host + ":" + statsPort + HaproxyConfig.STATS_PATH + ";csv");
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpURLConnection http = null;
        try {
            http = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
            int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            http.setConnectTimeout(millis);
            http.setReadTimeout(millis);
            http.setInstanceFollowRedirects(false);
            http.setUseCaches(false);
            http.setRequestProperty("Authorization", "Basic " + basic);
            int status = http.getResponseCode();
            if (status == 401) {
                throw new GardenException(hostName + ": HAProxy stats at " + uri
                        + " refused GardenOS's credentials (401); the config on the host does not match the state directory's lb/stats-password");
            }
            if (status != 200) {
                throw new GardenException(hostName + ": HAProxy stats at " + uri + " answered HTTP " + status);
            }
            String body;
            try (InputStream in = http.getInputStream()) {
                body = body(in, deadline);
            }
            try {
                return new LoadBalancerStatus(hostName, HaproxyStatsCsv.parse(body));
            } catch (IllegalArgumentException e) {
                // the page comes from the host: something else on the stats port, or a damaged answer, is a
                // failure of this host's status, not an unhandled error of the whole command
                throw new GardenException(hostName + ": HAProxy stats at " + uri + " are not usable: " + e.getMessage());
            }
        } catch (IOException e) {
            throw new GardenException(hostName + ": cannot read HAProxy stats at " + uri + ": " + e);
        } finally {
            if (http != null) {
                http.disconnect();
            }
        }
    }

    /** The body as UTF-8, refused when longer than {@link #MAX_BODY} or when it is still coming at the deadline. */
    private String body(InputStream in, long deadline) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
            if (out.size() > MAX_BODY) {
                throw new IOException("the stats page is longer than " + MAX_BODY + " bytes");
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("the stats page was not read within " + timeout.toMillis() + " ms");
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
