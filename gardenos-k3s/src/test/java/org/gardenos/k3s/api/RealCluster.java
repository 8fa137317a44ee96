package org.gardenos.k3s.api;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import org.gardenos.k3s.manifest.Manifest;
import org.gardenos.k3s.manifest.ManifestValidator;
import org.gardenos.testkit.kubernetes.KubernetesCluster;

/**
 * Helpers for tests on the testkit's REAL Kubernetes cluster (Kubernetes 1.20.2 from Debian's source, nodes in
 * nspawn hosts; see docs/testing.md): a client-java client built by GardenOS's own {@link ApiClients} from the
 * cluster's admin kubeconfig, a namespace per test, waits on pods.
 */
final class RealCluster {
    private static final SecureRandom RANDOM = new SecureRandom();

    private RealCluster() {
    }

    static ApiClient client(KubernetesCluster cluster) {
        return ApiClients.fromKubeconfig(cluster.kubeconfig());
    }

    /** Creates {@code prefix-RANDOM} and returns its name; tests delete it with {@link #deleteNamespace}. */
    static String newNamespace(ApiClient client, String prefix) {
        String name = prefix + "-" + HexFormat.of().formatHex(randomBytes());
        try {
            new CoreV1Api(client).createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(name))).execute();
        } catch (ApiException e) {
            throw ApiErrors.of("create namespace " + name, e);
        }
        return name;
    }

    static void deleteNamespace(ApiClient client, String name) {
        try {
            new CoreV1Api(client).deleteNamespace(name).execute();
        } catch (ApiException e) {
            if (e.getCode() != 404) {
                throw ApiErrors.of("delete namespace " + name, e);
            }
        }
    }

    /** Validated manifests, as GardenOS renders them ({@code %s} in the YAML is the namespace). */
    static List<Manifest> manifests(String namespace, String yaml) {
        return ManifestValidator.validate("test", yaml.replace("%s", namespace));
    }

    static List<V1Pod> pods(ApiClient client, String namespace, String labelSelector) {
        try {
            return new CoreV1Api(client).listNamespacedPod(namespace).labelSelector(labelSelector).execute().getItems();
        } catch (ApiException e) {
            throw ApiErrors.of("list pods in " + namespace, e);
        }
    }

    /** Polls the pods matching {@code labelSelector} until {@code done} holds for the list. */
    static List<V1Pod> awaitPods(ApiClient client, String namespace, String labelSelector, Duration timeout,
                                 Predicate<List<V1Pod>> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<V1Pod> pods = pods(client, namespace, labelSelector);
            if (done.test(pods)) {
                return pods;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("pods " + labelSelector + " in " + namespace + " not as expected after "
                        + timeout + ": " + pods.stream().map(RealCluster::describe).toList());
            }
            sleep(500);
        }
    }

    static String phase(V1Pod p) {
        return p.getStatus() == null ? "" : String.valueOf(p.getStatus().getPhase());
    }

    static String nodeName(V1Pod p) {
        return p.getSpec() == null ? null : p.getSpec().getNodeName();
    }

    static String describe(V1Pod p) {
        String conditions = p.getStatus() == null || p.getStatus().getConditions() == null ? ""
                : p.getStatus().getConditions().stream().filter(c -> !"True".equals(c.getStatus()))
                        .map(c -> c.getType() + ":" + c.getReason() + ":" + c.getMessage()).toList().toString();
        return p.getMetadata().getName() + "@" + nodeName(p) + " " + phase(p) + " " + conditions;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[3];
        RANDOM.nextBytes(b);
        return b;
    }
}
