package org.gardenos.k3s.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Taint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Node labels and taints against a scripted stand-in API. */
class NodeReconcilerScriptedApiTest {
    private final ScriptedKubernetesApi api = new ScriptedKubernetesApi();

    @AfterEach
    void stop() {
        api.close();
    }

    private static String node(String rv, Map<String, String> labels, V1Taint... taints) {
        return ScriptedKubernetesApi.json(new V1Node().apiVersion("v1").kind("Node")
                .metadata(new V1ObjectMeta().name("s1").resourceVersion(rv).labels(labels))
                .spec(new V1NodeSpec().taints(taints.length == 0 ? null : List.of(taints))));
    }

    private void serveNode(String body) {
        api.server.stubFor(get(urlPathEqualTo("/api/v1/nodes/s1")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    private void acceptPatch() {
        api.server.stubFor(patch(urlPathEqualTo("/api/v1/nodes/s1")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(node("2", Map.of()))));
    }

    @Test
    void hybridServerLosesControlPlaneTaintsAndGetsInventoryLabels() {
        serveNode(node("41", Map.of("kubernetes.io/hostname", "s1"),
                new V1Taint().key("node-role.kubernetes.io/control-plane").effect("NoSchedule"),
                new V1Taint().key("example.com/gpu").value("true").effect("NoSchedule")));
        acceptPatch();

        var change = new NodeReconciler(api.client).reconcile("s1", Map.of("gardenos.io/tier", "db"), true, true);

        assertThat(change.labelsSet()).containsExactly(Map.entry("gardenos.io/tier", "db"));
        assertThat(change.taintsRemoved()).containsExactly("node-role.kubernetes.io/control-plane:NoSchedule");
        assertThat(change.taintsAdded()).isEmpty();
        api.server.verify(1, patchRequestedFor(urlPathEqualTo("/api/v1/nodes/s1"))
                .withHeader("Content-Type", equalTo("application/merge-patch+json"))
                .withRequestBody(equalToJson("""
                        {"metadata": {"resourceVersion": "41", "labels": {"gardenos.io/tier": "db"}},
                         "spec": {"taints": [{"key": "example.com/gpu", "value": "true", "effect": "NoSchedule"}]}}
                        """)));
    }

    @Test
    void dedicatedServerGetsTheCriticalAddonsOnlyTaint() {
        serveNode(node("7", Map.of()));
        acceptPatch();

        var change = new NodeReconciler(api.client).reconcile("s1", Map.of(), true, false);

        assertThat(change.taintsAdded()).containsExactly("CriticalAddonsOnly=true:NoExecute");
        api.server.verify(1, patchRequestedFor(urlPathEqualTo("/api/v1/nodes/s1")).withRequestBody(equalToJson("""
                {"metadata": {"resourceVersion": "7"},
                 "spec": {"taints": [{"key": "CriticalAddonsOnly", "value": "true", "effect": "NoExecute"}]}}
                """)));
    }

    @Test
    void aNodeThatIsAlreadyRightIsNotPatched() {
        serveNode(node("9", Map.of("gardenos.io/tier", "db")));
        var change = new NodeReconciler(api.client).reconcile("s1", Map.of("gardenos.io/tier", "db"), true, true);
        assertThat(change.none()).isTrue();
        api.server.verify(0, patchRequestedFor(anyUrl()));
    }

    @Test
    void agentsKeepTheirTaints() {
        serveNode(node("3", Map.of(), new V1Taint().key("CriticalAddonsOnly").value("true").effect("NoExecute")));
        var change = new NodeReconciler(api.client).reconcile("s1", Map.of(), false, true);
        assertThat(change.none()).isTrue();
    }

    @Test
    void aConflictIsReadAgainAndRetriedOnce() {
        api.server.stubFor(get(urlPathEqualTo("/api/v1/nodes/s1")).inScenario("race")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("changed")
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(node("1", Map.of()))));
        api.server.stubFor(get(urlPathEqualTo("/api/v1/nodes/s1")).inScenario("race")
                .whenScenarioStateIs("changed")
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(node("2", Map.of()))));
        api.server.stubFor(patch(urlPathEqualTo("/api/v1/nodes/s1"))
                .withRequestBody(equalToJson("{\"metadata\":{\"resourceVersion\":\"1\"}}", true, true))
                .willReturn(aResponse().withStatus(409).withHeader("Content-Type", "application/json")
                        .withBody(ScriptedKubernetesApi.status(409, "Conflict", "the object has been modified"))));
        api.server.stubFor(patch(urlPathEqualTo("/api/v1/nodes/s1"))
                .withRequestBody(equalToJson("{\"metadata\":{\"resourceVersion\":\"2\"}}", true, true))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(node("3", Map.of()))));

        var change = new NodeReconciler(api.client).reconcile("s1", Map.of("a", "b"), true, true);

        assertThat(change.labelsSet()).containsExactly(Map.entry("a", "b"));
        api.server.verify(2, patchRequestedFor(urlPathEqualTo("/api/v1/nodes/s1")));
    }

    @Test
    void aMissingNodeIsAClearError() {
        api.server.stubFor(get(urlPathEqualTo("/api/v1/nodes/s1")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody(ScriptedKubernetesApi.status(404, "NotFound", "nodes \"s1\" not found"))));
        assertThatThrownBy(() -> new NodeReconciler(api.client).reconcile("s1", Map.of(), true, true))
                .isInstanceOf(KubernetesApiException.class)
                .hasMessage("read node s1: not found (404): nodes \"s1\" not found");
    }
}
