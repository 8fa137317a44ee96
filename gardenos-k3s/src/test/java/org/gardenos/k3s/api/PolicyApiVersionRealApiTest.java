package org.gardenos.k3s.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.kubernetes.client.util.generic.options.PatchOptions;
import org.gardenos.testkit.kubernetes.KubernetesCluster;
import org.gardenos.testkit.kubernetes.WithKubernetes;
import org.junit.jupiter.api.Test;

/**
 * PodDisruptionBudget API version by discovery: the REAL 1.20.2 cluster serves only {@code policy/v1beta1}, and a
 * budget rendered for it is accepted there. The {@code policy/v1} side (K3s 1.21+): {@code PolicyApiVersionTest}.
 */
@WithKubernetes(nodes = 3)
class PolicyApiVersionRealApiTest {
    private final KubernetesCluster cluster;

    PolicyApiVersionRealApiTest(KubernetesCluster cluster) {
        this.cluster = cluster;
    }

    @Test
    void kubernetes120ServesOnlyV1beta1AndTakesABudgetRenderedForIt() {
        ApiClient client = RealCluster.client(cluster);
        String ns = RealCluster.newNamespace(client, "pdb");
        try {
            PolicyApiVersion version = PolicyApiVersion.discover(client);
            assertThat(version).isEqualTo(PolicyApiVersion.V1BETA1);

            var response = new DynamicKubernetesApi("policy", "v1beta1", "poddisruptionbudgets", client)
                    .patch(ns, "db", V1Patch.PATCH_FORMAT_APPLY_YAML,
                            new V1Patch(version.renderPodDisruptionBudget(ns, "db", "db", 1)),
                            new PatchOptions().fieldManager(ServerSideApplier.FIELD_MANAGER).force(true));

            assertThat(response.isSuccess()).as(String.valueOf(response.getStatus())).isTrue();
            DynamicKubernetesObject pdb = response.getObject();
            assertThat(pdb.getRaw().getAsJsonObject("spec").get("minAvailable").getAsInt()).isEqualTo(1);
        } finally {
            RealCluster.deleteNamespace(client, ns);
        }
    }
}
