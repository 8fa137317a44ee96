package org.gardenos.k3s.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1DaemonSetList;
import io.kubernetes.client.openapi.models.V1DeploymentList;
import io.kubernetes.client.openapi.models.V1ListMeta;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeList;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1StorageClass;
import io.kubernetes.client.openapi.models.V1StorageClassList;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.gardenos.testsupport.TestInventories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link K3sStatusReader} asks the nodes first and alone, then its other reads at once (issue 13). A STAND-IN API
 * on loopback (the JDK's HTTP server) holds every read after the nodes until all of them have arrived, so it counts
 * how many were in flight together: read one after the other, each would be held until the latch gives up and the
 * count would be 1. Counted, not timed.
 */
class K3sStatusParallelReadsTest {
    private static final List<String> LATER_READS = List.of("/apis/apps/v1/namespaces/kube-system/deployments",
            "/apis/apps/v1/namespaces/kube-system/daemonsets", "/apis/storage.k8s.io/v1/storageclasses",
            "/apis/apiregistration.k8s.io/v1/apiservices/" + K3sStatusReader.METRICS_API);

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final AtomicBoolean nodesAnswered = new AtomicBoolean();
    private final List<String> startedBeforeNodesAnswered = new ArrayList<>();
    private final CountDownLatch allLaterReadsArrived = new CountDownLatch(LATER_READS.size());
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private HttpServer server;
    private ApiClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
        client = new ApiClient().setBasePath("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
        handlers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            if (!path.equals("/api/v1/nodes")) {
                synchronized (startedBeforeNodesAnswered) {
                    if (!nodesAnswered.get()) {
                        startedBeforeNodesAnswered.add(path);
                    }
                }
                allLaterReadsArrived.countDown();
                allLaterReadsArrived.await(20, TimeUnit.SECONDS);
            }
            inFlight.decrementAndGet();
            reply(exchange, path);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (path.equals("/api/v1/nodes")) {
                nodesAnswered.set(true);
            }
            exchange.close();
        }
    }

    private static void reply(HttpExchange exchange, String path) throws IOException {
        Object body = switch (path) {
            case "/api/v1/nodes" -> new V1NodeList().metadata(new V1ListMeta()).items(List.of(node("s1"), node("s2"),
                    node("s3"), node("a1")));
            case "/apis/apps/v1/namespaces/kube-system/deployments" ->
                    new V1DeploymentList().metadata(new V1ListMeta()).items(new ArrayList<>());
            case "/apis/apps/v1/namespaces/kube-system/daemonsets" ->
                    new V1DaemonSetList().metadata(new V1ListMeta()).items(new ArrayList<>());
            case "/apis/storage.k8s.io/v1/storageclasses" -> new V1StorageClassList().metadata(new V1ListMeta())
                    .items(List.of(new V1StorageClass().provisioner("rancher.io/local-path").metadata(new V1ObjectMeta()
                            .name("local-path").annotations(Map.of(DefaultStorageClass.DEFAULT_ANNOTATION, "true")))));
            default -> null;
        };
        byte[] bytes = (body == null ? ScriptedKubernetesApi.status(404, "NotFound", "not found")
                : ScriptedKubernetesApi.json(body)).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static V1Node node(String name) {
        return new V1Node().metadata(new V1ObjectMeta().name(name)).status(new V1NodeStatus()
                .conditions(List.of(new V1NodeCondition().type("Ready").status("True"))));
    }

    @Test
    void theReadsAfterTheNodesAreInFlightTogether() {
        K3sStatus status = new K3sStatusReader(client).read(TestInventories.threeServers());

        assertThat(mostInFlight.get()).as("reads in flight at once").isEqualTo(LATER_READS.size());
        assertThat(startedBeforeNodesAnswered).as("reads started before the nodes were answered").isEmpty();
        // the same verdicts as one read after the other (K3sStatusScriptedApiTest): only the metrics API is missing
        assertThat(status.nodes()).hasSize(4);
        assertThat(status.storage().ok()).isTrue();
        assertThat(status.metricsAvailable()).contains(false);
        assertThat(status.problems()).containsExactly(
                "metrics API v1beta1.metrics.k8s.io is not Available: kubectl top and autoscaling do not work");
    }
}
