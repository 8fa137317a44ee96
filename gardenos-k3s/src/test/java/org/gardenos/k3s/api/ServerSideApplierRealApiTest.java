package org.gardenos.k3s.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import okhttp3.Request;
import org.gardenos.error.GardenException;
import org.gardenos.testkit.kubernetes.KubernetesCluster;
import org.gardenos.testkit.kubernetes.WithKubernetes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ApiClients} and {@link ServerSideApplier} against a REAL kube-apiserver (1.20.2 from Debian's source, RBAC,
 * client certificates): what the scripted tests only assumed about the server is checked here. What a real server
 * cannot be made to do on purpose (a 409 on a forced apply) stays in {@code ServerSideApplierScriptedApiTest}.
 */
@WithKubernetes(nodes = 3)
class ServerSideApplierRealApiTest {
    private static final String CONFIG = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings, namespace: %s}
            data: {mode: VALUE}
            """;
    private final KubernetesCluster cluster;
    private ApiClient client;
    private String ns;

    ServerSideApplierRealApiTest(KubernetesCluster cluster) {
        this.cluster = cluster;
    }

    @BeforeEach
    void namespace() {
        client = RealCluster.client(cluster);
        ns = RealCluster.newNamespace(client, "apply");
    }

    @AfterEach
    void cleanup() {
        RealCluster.deleteNamespace(client, ns);
    }

    @Test
    void aClientFromTheKubeconfigFileSpeaksToTheRealServerWithItsCertificate() throws Exception {
        Path kubeconfig = cluster.kubeconfig();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kubeconfig))).isEqualTo("rw-------");
        assertThat(Files.readString(kubeconfig)).contains("client-certificate-data:", "client-key-data:",
                "server: " + cluster.server());

        var namespaces = new CoreV1Api(ApiClients.fromKubeconfig(kubeconfig)).listNamespace().execute().getItems();

        assertThat(namespaces).extracting(n -> n.getMetadata().getName()).contains("default", "kube-system", ns);
    }

    @Test
    void appliesAtTheObjectsOwnPathAsFieldManagerGardenosAndASecondApplyChangesNothing() throws Exception {
        ServerSideApplier applier = new ServerSideApplier(client);
        applier.applyAll(RealCluster.manifests(ns, CONFIG.replace("VALUE", "a")));
        V1ConfigMap first = new CoreV1Api(client).readNamespacedConfigMap("settings", ns).execute();

        applier.applyAll(RealCluster.manifests(ns, CONFIG.replace("VALUE", "a")));
        V1ConfigMap second = new CoreV1Api(client).readNamespacedConfigMap("settings", ns).execute();

        assertThat(first.getData()).isEqualTo(Map.of("mode", "a"));
        // read raw: client-java 27's model comes back with an empty managedFields list although the server sent it
        JsonNode raw = new ObjectMapper().readTree(client.getHttpClient().newCall(new Request.Builder()
                .url(client.getBasePath() + "/api/v1/namespaces/" + ns + "/configmaps/settings").build())
                .execute().body().string());
        assertThat(raw.path("metadata").path("managedFields")).hasSize(1);
        assertThat(raw.path("metadata").path("managedFields").get(0).path("manager").asText())
                .isEqualTo(ServerSideApplier.FIELD_MANAGER);
        assertThat(raw.path("metadata").path("managedFields").get(0).path("operation").asText()).isEqualTo("Apply");
        assertThat(second.getMetadata().getResourceVersion()).isEqualTo(first.getMetadata().getResourceVersion());
    }

    @Test
    void aHandEditOfAFieldGardenosOwnsIsTakenBack() throws Exception {
        ServerSideApplier applier = new ServerSideApplier(client);
        applier.applyAll(RealCluster.manifests(ns, CONFIG.replace("VALUE", "a")));
        CoreV1Api core = new CoreV1Api(client);
        V1ConfigMap edited = core.readNamespacedConfigMap("settings", ns).execute().data(Map.of("mode", "by-hand"));
        core.replaceNamespacedConfigMap("settings", ns, edited).execute();

        applier.applyAll(RealCluster.manifests(ns, CONFIG.replace("VALUE", "a")));

        assertThat(core.readNamespacedConfigMap("settings", ns).execute().getData()).isEqualTo(Map.of("mode", "a"));
    }

    @Test
    void aUserWithoutRbacPermissionGetsOneClearLine() {
        ApiClient alice = ApiClients.fromKubeconfig(cluster.kubeconfigFor("alice", "developers"));

        assertThatThrownBy(() -> new ServerSideApplier(alice).applyAll(RealCluster.manifests(ns, CONFIG.replace("VALUE", "a"))))
                .isInstanceOf(KubernetesApiException.class)
                .hasMessageStartingWith("apply ConfigMap " + ns + "/settings")
                .hasMessageContaining("forbidden (403): configmaps \"settings\" is forbidden: User \"alice\" cannot patch")
                .hasMessageNotContaining("\n");
    }

    @Test
    void anObjectTheServerRejectsIsOneLineWithTheServersReason() {
        String badService = """
                apiVersion: v1
                kind: Service
                metadata: {name: bad, namespace: %s}
                spec:
                  selector: {app: x}
                  ports: [{port: 70000, protocol: TCP}]
                """;

        assertThatThrownBy(() -> new ServerSideApplier(client).applyAll(RealCluster.manifests(ns, badService)))
                .isInstanceOf(KubernetesApiException.class)
                .hasMessageContaining("rejected as invalid (422)")
                .hasMessageContaining("spec.ports[0].port")
                .hasMessageContaining("must be between 1 and 65535")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aServerThatIsNotThereIsOneLine() throws Exception {
        String text = Files.readString(cluster.kubeconfig()).replace(cluster.server().toString(), "https://127.0.0.1:9");
        Path dead = Files.createTempFile("gardenos-dead-", ".kubeconfig");
        try {
            Files.writeString(dead, text);
            assertThatThrownBy(() -> new ServerSideApplier(ApiClients.fromKubeconfig(dead))
                    .applyAll(RealCluster.manifests(ns, CONFIG.replace("VALUE", "a"))))
                    .isInstanceOf(GardenException.class)
                    .hasMessageContaining("cannot reach the Kubernetes API")
                    .hasMessageNotContaining("\n");
        } finally {
            Files.deleteIfExists(dead);
        }
    }
}
