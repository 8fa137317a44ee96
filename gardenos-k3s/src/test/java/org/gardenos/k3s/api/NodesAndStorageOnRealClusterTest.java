package org.gardenos.k3s.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.StorageV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1Taint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gardenos.testkit.images.TestImages;
import org.gardenos.testkit.kubernetes.KubernetesCluster;
import org.gardenos.testkit.kubernetes.WithKubernetes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The journal's cluster failures reproduced on a REAL cluster (Kubernetes 1.20.2 from Debian's source, three nspawn
 * nodes) and GardenOS catching or fixing each: control-plane taints keeping pods Pending on a hybrid server
 * ({@link NodeReconciler} removes them), a dedicated server's taint keeping pods without the toleration away, and
 * claims Pending because no StorageClass is default ({@link DefaultStorageClass} says why). Every test puts the
 * shared cluster's nodes and classes back as they were.
 */
@WithKubernetes(nodes = 3)
class NodesAndStorageOnRealClusterTest {
    private static final String NODE = "node3";
    private final KubernetesCluster cluster;
    private ApiClient client;
    private String ns;

    NodesAndStorageOnRealClusterTest(KubernetesCluster cluster) {
        this.cluster = cluster;
    }

    @BeforeEach
    void namespace() {
        client = RealCluster.client(cluster);
        ns = RealCluster.newNamespace(client, "nodes");
    }

    @AfterEach
    void cleanup() {
        new NodeReconciler(client).reconcile(NODE, Map.of(), true, true); // a hybrid server: no server-only taints
        RealCluster.deleteNamespace(client, ns);
    }

    @Test
    void aControlPlaneTaintKeepsPodsPendingUntilTheHybridServerIsReconciled() throws Exception {
        CoreV1Api core = new CoreV1Api(client);
        V1Node node = core.readNode(NODE).execute();
        node.getSpec().addTaintsItem(new V1Taint().key("node-role.kubernetes.io/control-plane").effect("NoSchedule"));
        core.replaceNode(NODE, node).execute();
        new ServerSideApplier(client).applyAll(RealCluster.manifests(ns, WorkloadsOnRealClusterTest.webDeployment(
                "pinned", 1, "nodeSelector: {kubernetes.io/hostname: " + NODE + "}", TestImages.BUSYBOX)));

        List<V1Pod> pending = RealCluster.awaitPods(client, ns, "app=pinned", Duration.ofSeconds(60),
                pods -> pods.size() == 1 && unschedulable(pods.get(0)));
        assertThat(condition(pending.get(0)).getMessage()).contains("taint");

        var change = new NodeReconciler(client).reconcile(NODE, Map.of("gardenos.io/role", "hybrid"), true, true);

        assertThat(change.taintsRemoved()).containsExactly("node-role.kubernetes.io/control-plane:NoSchedule");
        assertThat(change.labelsSet()).containsEntry("gardenos.io/role", "hybrid");
        new RolloutWaiter(client, Duration.ofMillis(500)).awaitDeployment(ns, "pinned", Duration.ofSeconds(120));
        assertThat(RealCluster.nodeName(RealCluster.pods(client, ns, "app=pinned").get(0))).isEqualTo(NODE);
        assertThat(core.readNode(NODE).execute().getMetadata().getLabels()).containsEntry("gardenos.io/role", "hybrid");
        assertThat(new NodeReconciler(client).reconcile(NODE, Map.of("gardenos.io/role", "hybrid"), true, true).none())
                .as("a second reconcile changes nothing").isTrue();
    }

    @Test
    void aDedicatedServersTaintKeepsPodsWithoutTheTolerationAway() {
        var change = new NodeReconciler(client).reconcile(NODE, Map.of(), true, false);
        assertThat(change.taintsAdded()).containsExactly("CriticalAddonsOnly=true:NoExecute");
        String onNode = "nodeSelector: {kubernetes.io/hostname: " + NODE + "}";
        String toleration = onNode + "\ntolerations: [{key: CriticalAddonsOnly, operator: Exists}]";

        new ServerSideApplier(client).applyAll(RealCluster.manifests(ns,
                WorkloadsOnRealClusterTest.webDeployment("plain", 1, onNode, TestImages.BUSYBOX) + "---\n"
                        + WorkloadsOnRealClusterTest.webDeployment("addon", 1, toleration, TestImages.BUSYBOX)));

        new RolloutWaiter(client, Duration.ofMillis(500)).awaitDeployment(ns, "addon", Duration.ofSeconds(120));
        assertThat(RealCluster.nodeName(RealCluster.pods(client, ns, "app=addon").get(0))).isEqualTo(NODE);
        List<V1Pod> plain = RealCluster.awaitPods(client, ns, "app=plain", Duration.ofSeconds(60),
                pods -> pods.size() == 1 && unschedulable(pods.get(0)));
        assertThat(RealCluster.nodeName(plain.get(0))).isNull();
        assertThat(condition(plain.get(0)).getMessage()).contains("taint");
    }

    @Test
    void aClaimWithoutClassStaysPendingAndTheDefaultStorageClassCheckSaysWhy() throws Exception {
        DefaultStorageClass.Result before = new DefaultStorageClass(client).check();
        assertThat(before.ok()).isFalse();
        assertThat(before.message()).isEqualTo("StorageClass local-path does not exist and there is no default"
                + " StorageClass: PVCs without a class stay Pending");

        new ServerSideApplier(client).applyAll(RealCluster.manifests(ns, """
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: orphan, namespace: %s}
                spec:
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 100Mi}}
                """));
        RealCluster.sleep(3000);
        V1PersistentVolumeClaim claim = new CoreV1Api(client).readNamespacedPersistentVolumeClaim("orphan", ns).execute();
        assertThat(claim.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(claim.getSpec().getStorageClassName()).as("no default class was there to fill it in").isNull();

        try {
            new ServerSideApplier(client).applyAll(RealCluster.manifests(ns, """
                    apiVersion: storage.k8s.io/v1
                    kind: StorageClass
                    metadata:
                      name: local-path
                      annotations: {storageclass.kubernetes.io/is-default-class: "true"}
                    provisioner: kubernetes.io/no-provisioner
                    volumeBindingMode: WaitForFirstConsumer
                    """));
            DefaultStorageClass.Result after = new DefaultStorageClass(client).check();
            assertThat(after.ok()).as(after.message()).isTrue();
            assertThat(after.defaults()).containsExactly("local-path");
        } finally {
            new StorageV1Api(client).deleteStorageClass("local-path").execute();
        }
    }

    private static boolean unschedulable(V1Pod pod) {
        V1PodCondition c = condition(pod);
        return c != null && "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason());
    }

    private static V1PodCondition condition(V1Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        return pod.getStatus().getConditions().stream().filter(c -> "PodScheduled".equals(c.getType())).findFirst()
                .orElse(null);
    }
}
