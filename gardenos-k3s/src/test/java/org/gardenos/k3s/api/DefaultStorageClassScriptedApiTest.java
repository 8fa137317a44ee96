package org.gardenos.k3s.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.models.V1ListMeta;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1StorageClass;
import io.kubernetes.client.openapi.models.V1StorageClassList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Default StorageClass check against a scripted stand-in API. */
class DefaultStorageClassScriptedApiTest {
    private final ScriptedKubernetesApi api = new ScriptedKubernetesApi();

    @AfterEach
    void stop() {
        api.close();
    }

    private static V1StorageClass sc(String name, boolean isDefault) {
        return new V1StorageClass().apiVersion("storage.k8s.io/v1").kind("StorageClass").provisioner("p")
                .metadata(new V1ObjectMeta().name(name).annotations(isDefault
                        ? Map.of("storageclass.kubernetes.io/is-default-class", "true") : null));
    }

    private DefaultStorageClass.Result checkWith(V1StorageClass... classes) {
        api.server.stubFor(get(urlPathEqualTo("/apis/storage.k8s.io/v1/storageclasses")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody(ScriptedKubernetesApi.json(new V1StorageClassList().apiVersion("storage.k8s.io/v1")
                        .kind("StorageClassList").metadata(new V1ListMeta()).items(List.of(classes))))));
        return new DefaultStorageClass(api.client).check();
    }

    @Test
    void localPathThatIsNotDefaultIsReported() {
        var r = checkWith(sc("local-path", false));
        assertThat(r.ok()).isFalse();
        assertThat(r.exists()).isTrue();
        assertThat(r.message()).contains("exists but is not the default");
    }

    @Test
    void twoDefaultsAreReported() {
        var r = checkWith(sc("local-path", true), sc("nfs", true));
        assertThat(r.ok()).isFalse();
        assertThat(r.message()).isEqualTo("default StorageClasses are local-path, nfs; only local-path should be");
    }
}
