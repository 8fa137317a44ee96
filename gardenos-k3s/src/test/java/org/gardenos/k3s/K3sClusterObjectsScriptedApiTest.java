package org.gardenos.k3s;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.kubernetes.client.openapi.models.V1ListMeta;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1StorageClass;
import io.kubernetes.client.openapi.models.V1StorageClassList;
import io.kubernetes.client.openapi.models.V1Taint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gardenos.engine.ChangeAction;
import org.gardenos.error.GardenException;
import org.gardenos.engine.Change;
import org.gardenos.engine.Target;
import org.gardenos.inventory.Inventory;
import org.gardenos.k3s.api.ScriptedKubernetesApi;
import org.gardenos.standin.InMemoryHostStandIn;
import org.gardenos.state.StateDir;
import org.gardenos.testsupport.TestInventories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The k3s layer's API phase against a scripted stand-in API. */
class K3sClusterObjectsScriptedApiTest {
    private final ScriptedKubernetesApi api = new ScriptedKubernetesApi();
    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        api.close();
    }

    private static String node(String name, String rv, Map<String, String> labels, V1Taint... taints) {
        return ScriptedKubernetesApi.json(new V1Node().apiVersion("v1").kind("Node")
                .metadata(new V1ObjectMeta().name(name).resourceVersion(rv).labels(labels))
                .spec(new V1NodeSpec().taints(taints.length == 0 ? null : List.of(taints))));
    }

    private void serveNode(String name, String body) {
        api.server.stubFor(get(urlPathEqualTo("/api/v1/nodes/" + name)).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    private void serveStorage(boolean defaultLocalPath) {
        api.server.stubFor(get(urlPathEqualTo("/apis/storage.k8s.io/v1/storageclasses")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody(ScriptedKubernetesApi.json(new V1StorageClassList().metadata(new V1ListMeta())
                        .items(List.of(new V1StorageClass().provisioner("rancher.io/local-path").metadata(
                                new V1ObjectMeta().name("local-path").annotations(defaultLocalPath
                                        ? Map.of("storageclass.kubernetes.io/is-default-class", "true") : null))))))));
    }

    private Target target(Inventory inv) {
        StateDir state = StateDir.open(dir);
        state.writeSecret(KubeconfigFetcher.STATE_FILE, "stand-in: the scripted API's client is used".getBytes());
        return new Target(inv.host("s1").orElseThrow(), InMemoryHostStandIn.succeeding("s1"), inv, state);
    }

    @Test
    void aPlanBeforeTheClusterExistsAsksNoApi() {
        Inventory inv = TestInventories.threeServers();
        Target fresh = new Target(inv.host("s1").orElseThrow(), InMemoryHostStandIn.succeeding("s1"), inv,
                StateDir.open(dir.resolve("fresh")));
        Change change = new K3sClusterObjects(t -> {
            throw new AssertionError("no API client before there is a kubeconfig");
        }, Duration.ofSeconds(1), Duration.ofMillis(1)).check(fresh);
        assertThat(change.action()).isEqualTo(ChangeAction.UPDATE);
        assertThat(change.detail()).contains("once the API is up");
    }

    private K3sClusterObjects resource() {
        return new K3sClusterObjects(t -> api.client, Duration.ofMillis(300), Duration.ofMillis(5));
    }

    @Test
    void fixesTaintsAndLabelsAppliesLocalPathOnceAndChecksTheDefaultStorageClass() {
        Inventory inv = TestInventories.inventory(TestInventories.threeServers().hosts(),
                TestInventories.k3s(true, List.of("traefik", "local-storage"), 6443));
        // s1 is tainted until GardenOS patches it
        api.server.stubFor(get(urlPathEqualTo("/api/v1/nodes/s1")).inScenario("s1").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(node("s1", "5", Map.of(),
                        new V1Taint().key("node-role.kubernetes.io/control-plane").effect("NoSchedule")))));
        api.server.stubFor(patch(urlPathEqualTo("/api/v1/nodes/s1")).inScenario("s1").willSetStateTo("patched")
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(node("s1", "6", Map.of()))));
        api.server.stubFor(get(urlPathEqualTo("/api/v1/nodes/s1")).inScenario("s1").whenScenarioStateIs("patched")
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody(node("s1", "6", Map.of("gardenos.io/tier", "db")))));
        serveNode("s2", node("s2", "1", Map.of()));
        serveNode("s3", node("s3", "1", Map.of()));
        serveNode("a1", node("a1", "1", Map.of("gardenos.io/tier", "apps")));
        api.server.stubFor(patch(urlPathMatching("/apis?/.*")).atPriority(10).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("{{{request.body}}}")
                .withTransformers("response-template")));
        serveStorage(true);
        Target target = target(inv);

        Change change = resource().check(target);
        assertThat(change.action()).isEqualTo(ChangeAction.UPDATE);
        assertThat(change.detail()).contains("node s1: labels [gardenos.io/tier], taints -[node-role.kubernetes.io/"
                + "control-plane:NoSchedule] +[]", "apply local-path-storage manifests");

        resource().apply(target, change);

        api.server.verify(1, patchRequestedFor(urlPathEqualTo("/api/v1/nodes/s1")));
        api.server.verify(0, patchRequestedFor(urlPathEqualTo("/api/v1/nodes/s2")));
        api.server.verify(9, patchRequestedFor(urlPathMatching("/apis?/.*"))
                .withHeader("Content-Type", com.github.tomakehurst.wiremock.client.WireMock.containing("apply-patch+yaml")));
        assertThat(resource().check(target).isNone()).as("second run finds nothing to do").isTrue();
    }

    @Test
    void withoutLocalStorageDisabledNothingIsApplied() {
        Inventory inv = TestInventories.threeServers();
        for (String n : List.of("s1", "s2", "s3")) {
            serveNode(n, node(n, "1", n.equals("s1") ? Map.of("gardenos.io/tier", "db") : Map.of()));
        }
        serveNode("a1", node("a1", "1", Map.of("gardenos.io/tier", "apps")));
        serveStorage(true);
        assertThat(resource().check(target(inv)).isNone()).isTrue();
        api.server.verify(0, patchRequestedFor(anyUrl()));
    }

    @Test
    void noDefaultStorageClassFailsWithTheReasonAfterWaiting() {
        Inventory inv = TestInventories.threeServers();
        for (String n : List.of("s1", "s2", "s3")) {
            serveNode(n, node(n, "1", n.equals("s1") ? Map.of("gardenos.io/tier", "db") : Map.of()));
        }
        serveNode("a1", node("a1", "1", Map.of("gardenos.io/tier", "apps")));
        serveStorage(false);
        Target target = target(inv);
        Change change = resource().check(target);
        assertThat(change.detail()).isEqualTo("StorageClass local-path exists but is not the default: PVCs without"
                + " a class stay Pending");
        assertThatThrownBy(() -> resource().apply(target, change))
                .isInstanceOf(GardenException.class)
                .hasMessage("waited 300 ms for default StorageClass local-path: StorageClass local-path exists but is"
                        + " not the default: PVCs without a class stay Pending");
    }
}
