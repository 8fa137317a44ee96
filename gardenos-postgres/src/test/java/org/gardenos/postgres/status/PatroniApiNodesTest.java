package org.gardenos.postgres.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kubernetes.client.openapi.ApiClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gardenos.postgres.api.KubeCalls;
import org.gardenos.postgres.api.PatroniApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code status postgres} asks every member's pod for its node at once (issue 13). A STAND-IN API on loopback (the
 * JDK's HTTP server) holds each pod read until all have arrived and counts how many were in flight together: one
 * after the other, each would be held until the latch gave up and the count would be 1. Counted, not timed.
 */
class PatroniApiNodesTest {
    private static final List<String> PODS = List.of("postgres-0", "postgres-1", "postgres-2");

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final CountDownLatch allArrived = new CountDownLatch(PODS.size());
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private HttpServer server;

    @AfterEach
    void stop() {
        server.stop(0);
        handlers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String pod = exchange.getRequestURI().getPath().replaceFirst(".*/pods/", "");
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            allArrived.countDown();
            allArrived.await(20, TimeUnit.SECONDS);
            inFlight.decrementAndGet();
            // postgres-2 is not scheduled yet: no node
            byte[] body = (pod.equals("postgres-2") ? "{\"spec\":{}}"
                    : "{\"spec\":{\"nodeName\":\"node-" + pod.charAt(pod.length() - 1) + "\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    @Test
    void everyMembersPodIsAskedAtOnceAndAnsweredInOrder() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
        ApiClient client = new ApiClient().setBasePath("http://127.0.0.1:" + server.getAddress().getPort());

        Map<String, String> nodes = new PatroniApi(new KubeCalls(client), "postgres-cluster").nodes(PODS);

        assertThat(mostInFlight.get()).as("pod reads in flight at once").isEqualTo(PODS.size());
        assertThat(nodes).containsExactly(Map.entry("postgres-0", "node-0"), Map.entry("postgres-1", "node-1"),
                Map.entry("postgres-2", ""));
    }
}
