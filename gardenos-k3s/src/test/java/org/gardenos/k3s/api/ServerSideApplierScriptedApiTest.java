package org.gardenos.k3s.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import org.gardenos.k3s.manifest.LocalPathStorage;
import org.gardenos.k3s.manifest.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Server-side apply requests as GardenOS sends them, checked against a scripted stand-in API. */
class ServerSideApplierScriptedApiTest {
    private final ScriptedKubernetesApi api = new ScriptedKubernetesApi();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void appliesEveryLocalPathObjectWithApplyPatchOnItsOwnPath() {
        api.server.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                // the stand-in answers with the applied object, as an API server does
                .withBody("{{{request.body}}}").withTransformers("response-template")));
        List<Manifest> manifests = LocalPathStorage.DEFAULT.manifests();

        new ServerSideApplier(api.client).applyAll(manifests);

        List<String> paths = api.server.findAll(patchRequestedFor(anyUrl())).stream()
                .map(r -> r.getUrl().replaceAll("\\?.*", "")).toList();
        assertThat(paths).containsExactly(
                "/api/v1/namespaces/local-path-storage",
                "/api/v1/namespaces/local-path-storage/serviceaccounts/local-path-provisioner",
                "/apis/rbac.authorization.k8s.io/v1/clusterroles/gardenos-local-path-provisioner",
                "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/gardenos-local-path-provisioner",
                "/apis/rbac.authorization.k8s.io/v1/namespaces/local-path-storage/roles/local-path-provisioner-helpers",
                "/apis/rbac.authorization.k8s.io/v1/namespaces/local-path-storage/rolebindings/local-path-provisioner-helpers",
                "/api/v1/namespaces/local-path-storage/configmaps/local-path-config",
                "/apis/apps/v1/namespaces/local-path-storage/deployments/local-path-provisioner",
                "/apis/storage.k8s.io/v1/storageclasses/local-path");
        for (LoggedRequest r : api.server.findAll(patchRequestedFor(anyUrl()))) {
            assertThat(r.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
            assertThat(r.queryParameter("fieldManager").firstValue()).isEqualTo("gardenos");
            assertThat(r.queryParameter("force").firstValue()).isEqualTo("true");
        }
        api.server.verify(patchRequestedFor(urlPathEqualTo(
                "/apis/apps/v1/namespaces/local-path-storage/deployments/local-path-provisioner"))
                .withRequestBody(matchingJsonPath("$.metadata.namespace", equalTo("local-path-storage")))
                .withRequestBody(matchingJsonPath("$.kind", equalTo("Deployment")))
                .withRequestBody(matchingJsonPath("$.spec.template.spec.containers[0].image",
                        equalTo("rancher/local-path-provisioner:v0.0.31"))));
    }

    @Test
    void conflictBecomesOneClearLine() {
        api.server.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(409)
                .withHeader("Content-Type", "application/json")
                .withBody(ScriptedKubernetesApi.status(409, "Conflict", "Apply failed with 1 conflict: conflict with"
                        + " \"kubectl-edit\" using apps/v1:\n.spec.replicas"))));
        Manifest d = LocalPathStorage.DEFAULT.manifests().get(7);
        assertThatThrownBy(() -> new ServerSideApplier(api.client).apply(d))
                .isInstanceOf(KubernetesApiException.class)
                .hasMessage("apply Deployment local-path-storage/local-path-provisioner: conflict (409): Apply failed"
                        + " with 1 conflict: conflict with \"kubectl-edit\" using apps/v1: .spec.replicas; someone else"
                        + " changed the object or owns these fields, run the converge again");
    }
}
