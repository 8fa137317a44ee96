package org.gardenos.lb;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The stats client builds its HTTP client (and with it the JDK's TLS context) at the first fetch, once. */
class HaproxyStatsClientTest {

    @Test
    void buildsNoHttpClientUntilTheFirstFetchAndOneForAllFetches() throws Exception {
        byte[] csv;
        try (InputStream in = HaproxyStatsClientTest.class.getResourceAsStream("/lb/haproxy-2.6-stats.csv")) {
            csv = in.readAllBytes();
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(HaproxyConfig.STATS_PATH, exchange -> {
            exchange.sendResponseHeaders(200, csv.length);
            exchange.getResponseBody().write(csv);
            exchange.close();
        });
        server.start();
        try {
            AtomicInteger built = new AtomicInteger();
            HaproxyStatsClient client = new HaproxyStatsClient(Duration.ofSeconds(5), () -> {
                built.incrementAndGet();
                return HttpClient.newBuilder().build();
            });

            assertThat(built).as("HTTP clients built by the constructor").hasValue(0);
            String address = server.getAddress().getAddress().getHostAddress();
            int port = server.getAddress().getPort();
            LoadBalancerStatus first = client.fetch("lb-1", address, port, "stats", "secret");
            client.fetch("lb-1", address, port, "stats", "secret");

            assertThat(first.servers()).hasSize(2);
            assertThat(built).as("HTTP clients built by two fetches").hasValue(1);
        } finally {
            server.stop(0);
        }
    }
}
