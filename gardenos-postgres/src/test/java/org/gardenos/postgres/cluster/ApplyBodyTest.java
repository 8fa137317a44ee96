package org.gardenos.postgres.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.JSON;
import org.gardenos.k3s.manifest.KubeKind;
import org.gardenos.k3s.manifest.Manifest;
import org.gardenos.postgres.PostgresFixtures;
import org.gardenos.postgres.render.PostgresManifests;
import org.junit.jupiter.api.Test;

class ApplyBodyTest {
    private static Manifest statefulSet() {
        return PostgresManifests.render(PostgresFixtures.cluster("  flavor: patroni\n  image: localhost/p:1\n"),
                new PostgresFixtures.FakeSecrets()).manifests().stream()
                .filter(m -> m.kind() == KubeKind.STATEFUL_SET).findFirst().orElseThrow();
    }

    @Test
    void theTypedModelWritesEmptyListsAndTheApplyBodyHasNone() {
        Manifest sts = statefulSet();
        // the risk is real: client-java 27 serializes lists the renderer never set (fields newer than Kubernetes 1.20)
        assertThat(JSON.serialize(sts.object())).contains("[]");
        String body = ApplyBody.of(sts.object());
        assertThat(body).doesNotContain("[]").doesNotContain("schedulingGates");
        assertThat(body).contains("\"emptyDir\":{}").contains("\"containers\":[{");
    }

    @Test
    void theDesiredObjectCarriesTheDigestOfItsBodyAndItsNamespacedPath() {
        DesiredObject d = DesiredObject.of(statefulSet());
        assertThat(d.path()).isEqualTo("/apis/apps/v1/namespaces/postgres-cluster/statefulsets/postgres");
        assertThat(d.digest()).matches("[0-9a-f]{64}");
        assertThat(DesiredObject.appliedDigest(d.body())).isEqualTo(d.digest());
        assertThat(DesiredObject.of(statefulSet()).body()).isEqualTo(d.body());
    }
}
