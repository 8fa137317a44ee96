package org.gardenos.lb;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Supplier;
import org.gardenos.error.GardenException;

/**
 * Reads a load balancer's stats page ({@code http://HOST:statsPort/stats;csv}) with the generated credentials.
 * The password travels only in the Authorization header of a request to the load balancer itself.
 */
public final class HaproxyStatsClient {
    private final Supplier<HttpClient> factory;
    private final Duration timeout;
    private HttpClient http;

    public HaproxyStatsClient(Duration timeout) {
        this(timeout, () -> HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build());
    }

    /**
     * The HTTP client is made at the first fetch, not here: every {@code status} builds this layer's status (Guice
     * makes the whole set), and a new {@link HttpClient} sets up the JDK's default TLS context (the CA store read
     * and parsed), about 0.1 s that a {@code status base} would pay for nothing (docs/performance.md).
     */
    HaproxyStatsClient(Duration timeout, Supplier<HttpClient> factory) {
        this.timeout = timeout;
        this.factory = factory;
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = factory.get();
        }
        return http;
    }

    public LoadBalancerStatus fetch(String hostName, String address, int statsPort, String user, String password) {
        String host = address.indexOf(':') >= 0 ? "[" + address + "]" : address;
        URI uri = URI.create("http://" + host + ":" + statsPort + HaproxyConfig.STATS_PATH + ";csv");
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Authorization", "Basic " + basic).GET().build();
        HttpResponse<String> response;
        try {
            response = http().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new GardenException(hostName + ": cannot read HAProxy stats at " + uri + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GardenException(hostName + ": interrupted while reading HAProxy stats at " + uri);
        }
        if (response.statusCode() == 401) {
            throw new GardenException(hostName + ": HAProxy stats at " + uri
                    + " refused GardenOS's credentials (401); the config on the host does not match the state directory's lb/stats-password");
        }
        if (response.statusCode() != 200) {
            throw new GardenException(hostName + ": HAProxy stats at " + uri + " answered HTTP " + response.statusCode());
        }
        return new LoadBalancerStatus(hostName, HaproxyStatsCsv.parse(response.body()));
    }
}
