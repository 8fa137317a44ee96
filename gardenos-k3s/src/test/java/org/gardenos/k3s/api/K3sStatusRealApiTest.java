package org.gardenos.k3s.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Taint;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.k3s.settings.K3sSection;
import org.gardenos.testkit.kubernetes.KubernetesCluster;
import org.gardenos.testkit.kubernetes.WithKubernetes;
import org.gardenos.testsupport.StandInEtcd;
import org.gardenos.testsupport.TestInventories;
import org.junit.jupiter.api.Test;

/**
 * {@code status k3s}'s reader on a REAL cluster (Kubernetes 1.20.2 from Debian's source, three nspawn nodes, no
 * K3s add-ons): real Node objects, real kube-system, real StorageClasses. A NotReady node and an unavailable metrics
 * API stay in {@code K3sStatusScriptedApiTest} (a node takes 40 s to turn NotReady; there is no metrics-server
 * image here).
 */
@WithKubernetes(nodes = 3)
class K3sStatusRealApiTest {
    private final KubernetesCluster cluster;

    K3sStatusRealApiTest(KubernetesCluster cluster) {
        this.cluster = cluster;
    }

    private static Inventory inventory(String... servers) {
        List<HostSpec> hosts = new java.util.ArrayList<>();
        for (int i = 0; i < servers.length; i++) {
            hosts.add(TestInventories.host(servers[i], "10.213.77." + (11 + i),
                    new LinkedHashSet<>(List.of(StandInEtcd.ROLE, K3sSection.SERVER)), Map.of()));
        }
        return TestInventories.inventory(hosts, TestInventories.k3s(true, List.of("metrics-server"), 6443));
    }

    @Test
    void readsTheRealNodesAndSaysWhyClaimsWouldStayPending() {
        K3sStatus status = new K3sStatusReader(RealCluster.client(cluster)).read(inventory("node1", "node2", "node3"));

        assertThat(status.nodes()).extracting(K3sStatus.NodeStatus::name).containsExactlyInAnyOrder("node1", "node2", "node3");
        assertThat(status.nodes()).allMatch(K3sStatus.NodeStatus::ready).allMatch(n -> n.version().equals("v1.20.2"));
        assertThat(status.problems()).containsExactly("StorageClass local-path does not exist and there is no default"
                + " StorageClass: PVCs without a class stay Pending");
        assertThat(status.healthy()).isFalse();
    }

    @Test
    void aMissingNodeAndAControlPlaneTaintOnAHybridServerAreProblems() throws Exception {
        ApiClient client = RealCluster.client(cluster);
        CoreV1Api core = new CoreV1Api(client);
        V1Node node = core.readNode("node2").execute();
        node.getSpec().addTaintsItem(new V1Taint().key("node-role.kubernetes.io/control-plane").effect("NoSchedule"));
        core.replaceNode("node2", node).execute();
        try {
            K3sStatus status = new K3sStatusReader(client).read(inventory("node1", "node2", "node3", "node4"));

            assertThat(status.problems()).contains(
                    "node node4 (inventory) is not registered in the cluster",
                    "hybrid server node2 has taint node-role.kubernetes.io/control-plane:NoSchedule: workloads cannot run there");
        } finally {
            new NodeReconciler(client).reconcile("node2", Map.of(), true, true);
        }
    }
}
