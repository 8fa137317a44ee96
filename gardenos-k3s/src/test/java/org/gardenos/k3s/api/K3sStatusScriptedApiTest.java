package org.gardenos.k3s.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.models.V1APIService;
import io.kubernetes.client.openapi.models.V1APIServiceCondition;
import io.kubernetes.client.openapi.models.V1APIServiceStatus;
import io.kubernetes.client.openapi.models.V1DaemonSetList;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentList;
import io.kubernetes.client.openapi.models.V1ListMeta;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeList;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1NodeSystemInfo;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1StorageClass;
import io.kubernetes.client.openapi.models.V1StorageClassList;
import io.kubernetes.client.openapi.models.V1Taint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gardenos.k3s.K3sLayerStatus;
import org.gardenos.status.Health;
import org.gardenos.status.StatusItem;
import org.gardenos.status.StatusReport;
import org.gardenos.testsupport.TestInventories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Cluster status against a scripted stand-in API. */
class K3sStatusScriptedApiTest {
    private final ScriptedKubernetesApi api = new ScriptedKubernetesApi();

    @AfterEach
    void stop() {
        api.close();
    }

    private static V1Node node(String name, boolean server, boolean ready, V1Taint... taints) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (server) {
            labels.put("node-role.kubernetes.io/control-plane", "true");
            labels.put("node-role.kubernetes.io/master", "true");
        }
        return new V1Node().metadata(new V1ObjectMeta().name(name).labels(labels))
                .spec(new V1NodeSpec().taints(taints.length == 0 ? null : List.of(taints)))
                .status(new V1NodeStatus()
                        .conditions(List.of(new V1NodeCondition().type("Ready").status(ready ? "True" : "False")))
                        .nodeInfo(new V1NodeSystemInfo().kubeletVersion("v1.33.1+k3s1").architecture("amd64")
                                .bootID("b").containerRuntimeVersion("c").kernelVersion("k").kubeProxyVersion("p")
                                .machineID("m").operatingSystem("linux").osImage("Debian").systemUUID("u")));
    }

    private void serve(String path, Object body) {
        api.server.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(ScriptedKubernetesApi.json(body))));
    }

    private void script(List<V1Node> nodes, List<V1Deployment> deployments, boolean metricsAvailable) {
        serve("/api/v1/nodes", new V1NodeList().metadata(new V1ListMeta()).items(nodes));
        serve("/apis/apps/v1/namespaces/kube-system/deployments",
                new V1DeploymentList().metadata(new V1ListMeta()).items(deployments));
        serve("/apis/apps/v1/namespaces/kube-system/daemonsets",
                new V1DaemonSetList().metadata(new V1ListMeta()).items(new ArrayList<>()));
        serve("/apis/storage.k8s.io/v1/storageclasses", new V1StorageClassList().metadata(new V1ListMeta())
                .items(List.of(new V1StorageClass().provisioner("rancher.io/local-path").metadata(new V1ObjectMeta()
                        .name("local-path").annotations(Map.of("storageclass.kubernetes.io/is-default-class", "true"))))));
        if (metricsAvailable) {
            serve("/apis/apiregistration.k8s.io/v1/apiservices/v1beta1.metrics.k8s.io", new V1APIService()
                    .metadata(new V1ObjectMeta().name("v1beta1.metrics.k8s.io"))
                    .status(new V1APIServiceStatus().conditions(List.of(new V1APIServiceCondition()
                            .type("Available").status("True")))));
        } else {
            api.server.stubFor(get(urlPathEqualTo("/apis/apiregistration.k8s.io/v1/apiservices/v1beta1.metrics.k8s.io"))
                    .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                            .withBody(ScriptedKubernetesApi.status(404, "NotFound", "not found"))));
        }
    }

    private static V1Deployment kubeSystem(String name, int available) {
        return RolloutWaiterScriptedApiTest.deployment(1, 1L, 3, 3, available).metadata(
                new V1ObjectMeta().name(name).namespace("kube-system").generation(1L));
    }

    @Test
    void aClusterAsTheInventorySaysIsHealthy() {
        script(List.of(node("s1", true, true), node("s2", true, true), node("s3", true, true), node("a1", false, true)),
                List.of(kubeSystem("coredns", 3), kubeSystem("metrics-server", 3), kubeSystem("local-path-provisioner", 3)),
                true);

        K3sStatus status = new K3sStatusReader(api.client).read(TestInventories.threeServers());

        assertThat(status.problems()).isEmpty();
        assertThat(status.healthy()).isTrue();
        assertThat(status.nodes()).hasSize(4);
        assertThat(status.nodes().get(0).roles()).containsExactly("control-plane", "master");
        assertThat(status.nodes().get(0).version()).isEqualTo("v1.33.1+k3s1");
        assertThat(status.metricsAvailable()).contains(true);
        assertThat(status.storage().ok()).isTrue();
        assertThat(new K3sLayerStatus(TestInventories.threeServers(), () -> api.client).probe().health())
                .isEqualTo(Health.HEALTHY);
    }

    @Test
    void everyProblemIsOneLine() {
        script(List.of(node("s1", true, true), node("s2", true, false),
                        node("s3", true, true, new V1Taint().key("node-role.kubernetes.io/control-plane").effect("NoSchedule"))),
                List.of(kubeSystem("coredns", 3), kubeSystem("metrics-server", 1)), false);

        K3sStatus status = new K3sStatusReader(api.client).read(TestInventories.threeServers());

        assertThat(status.healthy()).isFalse();
        assertThat(status.problems()).containsExactly(
                "node s2 is not Ready",
                "hybrid server s3 has taint node-role.kubernetes.io/control-plane:NoSchedule: workloads cannot run there",
                "node a1 (inventory) is not registered in the cluster",
                "Deployment kube-system/metrics-server: 1 of 3 updated replicas available",
                "metrics API v1beta1.metrics.k8s.io is not Available: kubectl top and autoscaling do not work");
        assertThat(status.nodes().get(2).taints()).containsExactly("node-role.kubernetes.io/control-plane:NoSchedule");

        // the same answers as gardenos status k3s shows them
        StatusReport report = new K3sLayerStatus(TestInventories.threeServers(), () -> api.client).probe();
        assertThat(report.layer()).isEqualTo("k3s");
        assertThat(report.health()).isEqualTo(Health.DEGRADED);
        assertThat(report.summary()).startsWith("2/3 nodes Ready; node s2 is not Ready; hybrid server s3 has taint");
        assertThat(report.items()).extracting(StatusItem::name).containsExactly("s1", "s2", "s3", "coredns",
                "metrics-server", "default-storageclass", "metrics-api");
        assertThat(report.items().get(1).health()).isEqualTo(Health.DOWN);
        assertThat(report.items().get(4).fields()).containsEntry("rollout", "1 of 3 updated replicas available");
        // the fields keep their order (they are the order of -o json): kind first, in every run
        assertThat(report.items().get(5).fields().keySet()).containsExactly("kind", "detail");
        assertThat(report.items().get(6).fields().keySet()).containsExactly("kind", "available");
    }

    @Test
    void statusWithoutAReachableApiIsDown() {
        api.server.stop();
        StatusReport report = new K3sLayerStatus(TestInventories.threeServers(), () -> api.client).probe();
        assertThat(report.health()).isEqualTo(Health.DOWN);
        assertThat(report.summary()).startsWith("list nodes: cannot reach the Kubernetes API: ");
    }
}
