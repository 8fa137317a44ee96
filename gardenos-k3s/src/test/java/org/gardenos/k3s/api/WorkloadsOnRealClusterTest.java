package org.gardenos.k3s.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1Pod;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.gardenos.error.GardenException;
import org.gardenos.testkit.images.TestImages;
import org.gardenos.testkit.kubernetes.KubernetesCluster;
import org.gardenos.testkit.kubernetes.WithKubernetes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GardenOS's apply and rollout wait against a REAL cluster (Kubernetes 1.20.2 from Debian's source, three nodes in
 * nspawn hosts with containerd and runc; no stand-in): pods really start from an image built here, claims really
 * bind to local volumes, the scheduler really spreads and the network really crosses nodes.
 */
@WithKubernetes(nodes = 3)
class WorkloadsOnRealClusterTest {
    private final KubernetesCluster cluster;
    private ApiClient client;
    private String ns;

    WorkloadsOnRealClusterTest(KubernetesCluster cluster) {
        this.cluster = cluster;
    }

    @BeforeEach
    void namespace() {
        client = RealCluster.client(cluster);
        ns = RealCluster.newNamespace(client, "workloads");
    }

    @AfterEach
    void cleanup() {
        RealCluster.deleteNamespace(client, ns);
    }

    /** busybox httpd answering "hello from NODE" on 8080, ready when the port is open. */
    static String webDeployment(String name, int replicas, String extraPodSpec, String image) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: NAME, namespace: %s}
                spec:
                  replicas: REPLICAS
                  progressDeadlineSeconds: 15
                  selector: {matchLabels: {app: NAME}}
                  template:
                    metadata: {labels: {app: NAME}}
                    spec:
                      terminationGracePeriodSeconds: 1
                      EXTRA
                      containers:
                      - name: web
                        image: IMAGE
                        imagePullPolicy: Never
                        env:
                        - name: NODE
                          valueFrom: {fieldRef: {fieldPath: spec.nodeName}}
                        command: ["/bin/busybox", "sh", "-c", "/bin/busybox mkdir -p /www && echo hello from $NODE > /www/index.html && exec /bin/busybox httpd -f -p 8080 -h /www"]
                        ports: [{containerPort: 8080, protocol: TCP}]  # 1.20 server-side apply needs the list key protocol
                        readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}
                """.replace("NAME", name).replace("REPLICAS", Integer.toString(replicas))
                .replace("EXTRA", extraPodSpec.replace("\n", "\n      ")).replace("IMAGE", image);
    }

    @Test
    void threeNodesAreReadyAndRunKubernetes120() throws Exception {
        List<V1Node> nodes = new CoreV1Api(client).listNode().execute().getItems();

        assertThat(nodes).extracting(n -> n.getMetadata().getName()).containsExactlyInAnyOrder("node1", "node2", "node3");
        for (V1Node n : nodes) {
            assertThat(n.getStatus().getConditions()).anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
            assertThat(n.getStatus().getNodeInfo().getKubeletVersion()).isEqualTo("v1.20.2");
            assertThat(n.getStatus().getNodeInfo().getContainerRuntimeVersion()).startsWith("containerd://");
        }
    }

    @Test
    void aDeploymentOfALocallyBuiltImageBecomesAvailableAndTheRolloutWaitSeesIt() {
        new ServerSideApplier(client).applyAll(RealCluster.manifests(ns, webDeployment("web", 2, "", TestImages.BUSYBOX)));

        RolloutProgress progress = new RolloutWaiter(client, Duration.ofMillis(500))
                .awaitDeployment(ns, "web", Duration.ofSeconds(120));

        assertThat(progress.done()).isTrue();
        assertThat(progress.detail()).isEqualTo("2 of 2 replicas updated and available");
        assertThat(RealCluster.pods(client, ns, "app=web")).hasSize(2).allMatch(p -> RealCluster.phase(p).equals("Running"));
    }

    @Test
    void aChangedTemplateIsWaitedForUntilNoOldPodIsLeft() {
        ServerSideApplier applier = new ServerSideApplier(client);
        RolloutWaiter waiter = new RolloutWaiter(client, Duration.ofMillis(300));
        applier.applyAll(RealCluster.manifests(ns, webDeployment("web", 2, "", TestImages.BUSYBOX)));
        waiter.awaitDeployment(ns, "web", Duration.ofSeconds(120));

        applier.applyAll(RealCluster.manifests(ns, webDeployment("web", 2, "", TestImages.BUSYBOX)
                .replace("imagePullPolicy: Never", "imagePullPolicy: Never\n        workingDir: /tmp")));
        RolloutProgress progress = waiter.awaitDeployment(ns, "web", Duration.ofSeconds(120));

        assertThat(progress.done()).isTrue();
        assertThat(RealCluster.pods(client, ns, "app=web"))
                .filteredOn(p -> p.getMetadata().getDeletionTimestamp() == null).hasSize(2)
                .allMatch(p -> "/tmp".equals(p.getSpec().getContainers().get(0).getWorkingDir()));
    }

    @Test
    void aDaemonSetRolloutIsCompleteWhenEveryNodeRunsItsPod() {
        new ServerSideApplier(client).applyAll(RealCluster.manifests(ns, """
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: agent, namespace: %s}
                spec:
                  selector: {matchLabels: {app: agent}}
                  template:
                    metadata: {labels: {app: agent}}
                    spec:
                      terminationGracePeriodSeconds: 1
                      containers:
                      - name: agent
                        image: IMAGE
                        imagePullPolicy: Never
                        command: ["/bin/busybox", "sleep", "3600"]
                """.replace("IMAGE", TestImages.BUSYBOX)));

        RolloutProgress progress = new RolloutWaiter(client, Duration.ofMillis(500))
                .awaitDaemonSet(ns, "agent", Duration.ofSeconds(120));

        assertThat(progress.detail()).isEqualTo("3 of 3 pods updated and available");
        assertThat(RealCluster.pods(client, ns, "app=agent").stream().map(RealCluster::nodeName)
                .collect(Collectors.toSet())).containsExactlyInAnyOrder("node1", "node2", "node3");
    }

    @Test
    void aDeploymentOfAMissingImageFailsTheRolloutWaitWithOneLine() {
        new ServerSideApplier(client).applyAll(RealCluster.manifests(ns,
                webDeployment("ghost", 1, "", "gardenos.test/not-built-here:1")));

        assertThatThrownBy(() -> new RolloutWaiter(client, Duration.ofMillis(500))
                .awaitDeployment(ns, "ghost", Duration.ofSeconds(120)))
                .isInstanceOf(GardenException.class)
                .hasMessageStartingWith("Deployment " + ns + "/ghost: rollout failed: progress deadline exceeded")
                .hasMessageNotContaining("\n");
        // and the reason is really the image: the kubelet refuses to pull it (imagePullPolicy: Never)
        V1Pod pod = RealCluster.pods(client, ns, "app=ghost").get(0);
        assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason())
                .isEqualTo("ErrImageNeverPull");
    }

    @Test
    void requiredAntiAffinitySpreadsOnePodPerNode() {
        String antiAffinity = """
                affinity:
                  podAntiAffinity:
                    requiredDuringSchedulingIgnoredDuringExecution:
                    - topologyKey: kubernetes.io/hostname
                      labelSelector: {matchLabels: {app: spread}}""";
        new ServerSideApplier(client).applyAll(RealCluster.manifests(ns,
                webDeployment("spread", 3, antiAffinity, TestImages.BUSYBOX)));

        new RolloutWaiter(client, Duration.ofMillis(500)).awaitDeployment(ns, "spread", Duration.ofSeconds(120));

        List<V1Pod> pods = RealCluster.pods(client, ns, "app=spread");
        assertThat(pods.stream().map(RealCluster::nodeName).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("node1", "node2", "node3");
    }

    @Test
    void aPodOnOneNodeReachesAServiceWhoseOnlyBackendIsOnAnotherNode() throws Exception {
        new ServerSideApplier(client).applyAll(RealCluster.manifests(ns,
                webDeployment("backend", 1, "nodeSelector: {kubernetes.io/hostname: node2}", TestImages.BUSYBOX)
                        + """
                        ---
                        apiVersion: v1
                        kind: Service
                        metadata: {name: backend, namespace: %s}
                        spec:
                          selector: {app: backend}
                          ports: [{port: 80, targetPort: 8080, protocol: TCP}]
                        """));
        new RolloutWaiter(client, Duration.ofMillis(500)).awaitDeployment(ns, "backend", Duration.ofSeconds(120));
        String serviceIp = new CoreV1Api(client).readNamespacedService("backend", ns).execute().getSpec().getClusterIP();

        // Debian's static busybox wget crashes (static glibc); nc speaks the HTTP request just as well
        V1Pod client1 = ClientPods.run(client, ns, "fetch", "node1",
                "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | /bin/busybox nc -w 5 " + serviceIp + " 80");

        assertThat(RealCluster.phase(client1)).isEqualTo("Succeeded");
        assertThat(RealCluster.nodeName(client1)).isEqualTo("node1");
        assertThat(ClientPods.log(client, ns, "fetch")).startsWith("HTTP/1.1 200 OK").endsWith("hello from node2\n");
    }

    @Test
    void aStatefulSetClaimBindsToALocalVolumeAndItsPodRuns() throws Exception {
        new ServerSideApplier(client).applyAll(RealCluster.manifests(ns, """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: db, namespace: %s}
                spec:
                  serviceName: db
                  replicas: 1
                  selector: {matchLabels: {app: db}}
                  template:
                    metadata: {labels: {app: db}}
                    spec:
                      terminationGracePeriodSeconds: 1
                      containers:
                      - name: db
                        image: IMAGE
                        imagePullPolicy: Never
                        command: ["/bin/busybox", "sh", "-c", "echo kept > /data/marker && exec /bin/busybox sleep 3600"]
                        volumeMounts: [{name: data, mountPath: /data}]
                  volumeClaimTemplates:
                  - metadata: {name: data}
                    spec:
                      accessModes: [ReadWriteOnce]
                      storageClassName: CLASS
                      resources: {requests: {storage: 100Mi}}
                """.replace("IMAGE", TestImages.BUSYBOX).replace("CLASS", cluster.storageClass())));

        V1Pod pod = RealCluster.awaitPods(client, ns, "app=db", Duration.ofSeconds(120),
                pods -> pods.size() == 1 && RealCluster.phase(pods.get(0)).equals("Running")).get(0);

        V1PersistentVolumeClaim claim = new CoreV1Api(client).readNamespacedPersistentVolumeClaim("data-db-0", ns)
                .execute();
        assertThat(claim.getStatus().getPhase()).isEqualTo("Bound");
        String volume = claim.getSpec().getVolumeName();
        assertThat(volume).startsWith(RealCluster.nodeName(pod) + "-vol");
        String dir = "/var/lib/gardenos-local-volumes/" + volume.substring(volume.indexOf('-') + 1);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String marker = "";
        while (!marker.equals("kept") && System.nanoTime() < deadline) {
            marker = cluster.node(RealCluster.nodeName(pod)).exec("cat " + dir + "/marker 2>/dev/null || true").strip();
            RealCluster.sleep(250);
        }
        assertThat(marker).as("the pod's write is on the node's volume directory").isEqualTo("kept");
    }
}
