package org.gardenos.k3s.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1StorageClass;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestValidatorTest {
    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: apps
            spec:
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                    - name: web
                      image: nginx:1.27
            """;

    @Test
    void acceptsAValidDocumentAndReturnsTheTypedModel() {
        List<Manifest> m = ManifestValidator.validate("web.yaml", DEPLOYMENT);
        assertThat(m).hasSize(1);
        assertThat(m.get(0).kind()).isEqualTo(KubeKind.DEPLOYMENT);
        V1Deployment d = (V1Deployment) m.get(0).object();
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.27");
        assertThat(m.get(0).describe()).isEqualTo("Deployment apps/web");
    }

    @Test
    void rejectsAnUnknownFieldNamingIt() {
        String typo = DEPLOYMENT.replace("  selector:", "  selectr:");
        assertThatThrownBy(() -> ManifestValidator.validate("web.yaml", typo))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessageStartingWith("web.yaml: document 1 (Deployment apps/web): ")
                .hasMessageContaining("`selectr`")
                .hasMessageContaining("V1DeploymentSpec")
                .hasMessageNotContaining("\n");
    }

    @Test
    void rejectsAMissingRequiredFieldThatYamlLoadWouldAccept() {
        String noName = DEPLOYMENT.replace("- name: web\n          image", "- image");
        assertThat(noName).doesNotContain("- name: web");
        assertThatThrownBy(() -> ManifestValidator.validate("web.yaml", noName))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessageContaining("The required field `name` is not found");
    }

    @Test
    void rejectsANamespacedObjectWithoutNamespace() {
        String noNs = DEPLOYMENT.replace("  namespace: apps\n", "");
        assertThatThrownBy(() -> ManifestValidator.validate("web.yaml", noNs))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessage("web.yaml: document 1 (Deployment web): metadata.namespace is missing; a namespaced object"
                        + " without it would be applied to the wrong path");
    }

    @Test
    void rejectsUnknownKindsAndWrongApiVersions() {
        assertThatThrownBy(() -> ManifestValidator.validate("x.yaml", DEPLOYMENT.replace("apps/v1", "extensions/v1beta1")))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessageContaining("apiVersion 'extensions/v1beta1' kind 'Deployment' is not a kind GardenOS can check;"
                        + " Deployment is apps/v1");
        assertThatThrownBy(() -> ManifestValidator.validate("x.yaml", "apiVersion: v9\nkind: Gizmo\nmetadata: {name: g}\n"))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("kind 'Gizmo'");
    }

    @Test
    void rejectsANamespaceOnClusterScopedObjects() {
        String sc = "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: x, namespace: y}\nprovisioner: p\n";
        assertThatThrownBy(() -> ManifestValidator.validate("sc.yaml", sc))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("cluster-scoped StorageClass");
    }

    @Test
    void countsDocumentsAndSkipsEmptyOnes() {
        String two = "---\n" + DEPLOYMENT + "---\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: apps}\n"
                + "data: {bogus: 1}\nbinaryData: {}\nextra: true\n";
        assertThatThrownBy(() -> ManifestValidator.validate("two.yaml", two))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessageStartingWith("two.yaml: document 3 (ConfigMap apps/c): ")
                .hasMessageContaining("`extra`");
    }

    @Test
    void brokenYamlIsOneLine() {
        assertThatThrownBy(() -> ManifestValidator.validate("b.yaml", "kind: [unclosed\n"))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessageStartingWith("b.yaml: document 1: not valid YAML");
    }

    @Test
    void gardenosLocalPathStoragePassesTheSchemaCheck() {
        List<Manifest> m = LocalPathStorage.DEFAULT.manifests();
        assertThat(m).extracting(Manifest::describe).containsExactly(
                "Namespace local-path-storage",
                "ServiceAccount local-path-storage/local-path-provisioner",
                "ClusterRole gardenos-local-path-provisioner",
                "ClusterRoleBinding gardenos-local-path-provisioner",
                "Role local-path-storage/local-path-provisioner-helpers",
                "RoleBinding local-path-storage/local-path-provisioner-helpers",
                "ConfigMap local-path-storage/local-path-config",
                "Deployment local-path-storage/local-path-provisioner",
                "StorageClass local-path");
        V1StorageClass sc = (V1StorageClass) m.get(8).object();
        assertThat(sc.getMetadata().getAnnotations()).containsEntry("storageclass.kubernetes.io/is-default-class", "true");
        assertThat(sc.getProvisioner()).isEqualTo("rancher.io/local-path");
        V1ConfigMap cm = (V1ConfigMap) m.get(6).object();
        assertThat(cm.getData().get("config.json")).contains("\"/var/lib/rancher/k3s/storage\"");
        assertThat(LocalPathStorage.DEFAULT.render()).doesNotContain("${");
    }

    @Test
    void unsafeTemplateValuesAreRefused() {
        assertThatThrownBy(() -> new LocalPathStorage("/data\"], \"x", "a:1", "b:1"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
