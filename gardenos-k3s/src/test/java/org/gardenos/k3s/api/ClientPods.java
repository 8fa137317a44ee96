package org.gardenos.k3s.api;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gardenos.testkit.images.TestImages;

/** One-shot busybox pods on a chosen node of the real test cluster: run a command, wait until it ended, read its log. */
final class ClientPods {
    private ClientPods() {
    }

    /** Runs {@code command} (busybox sh) in pod {@code name} on {@code node}; returns the pod once it ended. */
    static V1Pod run(ApiClient client, String namespace, String name, String node, String command) throws ApiException {
        V1Pod pod = new V1Pod().metadata(new V1ObjectMeta().name(name).namespace(namespace).labels(Map.of("run", name)))
                .spec(new V1PodSpec().restartPolicy("Never").nodeSelector(Map.of("kubernetes.io/hostname", node))
                        .terminationGracePeriodSeconds(1L)
                        // client-java starts it as {}: Kubernetes 1.20 then refuses the pod ("Pod Overhead set
                        // without corresponding RuntimeClass defined Overhead")
                        .overhead(null)
                        .containers(List.of(new V1Container().name("main").image(TestImages.BUSYBOX)
                                .imagePullPolicy("Never").command(List.of("/bin/busybox", "sh", "-c", command)))));
        new CoreV1Api(client).createNamespacedPod(namespace, pod).execute();
        return RealCluster.awaitPods(client, namespace, "run=" + name, Duration.ofSeconds(90),
                pods -> pods.size() == 1 && List.of("Succeeded", "Failed").contains(RealCluster.phase(pods.get(0))))
                .get(0);
    }

    static String log(ApiClient client, String namespace, String name) throws ApiException {
        return new CoreV1Api(client).readNamespacedPodLog(name, namespace).execute();
    }
}
