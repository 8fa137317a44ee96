package org.gardenos.postgres.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gardenos.postgres.PostgresFixtures.cluster;

import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import java.util.Map;
import org.gardenos.k3s.manifest.InvalidManifestException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PodDisruptionBudgetsTest {
    @ParameterizedTest
    @ValueSource(strings = {PodDisruptionBudgets.POLICY_V1, PodDisruptionBudgets.POLICY_V1BETA1})
    void bothVersionsLetOneMemberGoAtATime(String apiVersion) {
        String json = PodDisruptionBudgets.render(cluster(""), apiVersion);
        V1PodDisruptionBudget pdb = PodDisruptionBudgets.validate(json);
        assertThat(pdb.getApiVersion()).isEqualTo(apiVersion);
        assertThat(pdb.getKind()).isEqualTo("PodDisruptionBudget");
        assertThat(pdb.getMetadata().getNamespace()).isEqualTo("postgres-cluster");
        assertThat(pdb.getMetadata().getName()).isEqualTo("postgres");
        assertThat(pdb.getSpec().getMaxUnavailable().getIntValue()).isEqualTo(1);
        assertThat(pdb.getSpec().getMinAvailable()).isNull();
        assertThat(pdb.getSpec().getSelector().getMatchLabels())
                .isEqualTo(Map.of("app.kubernetes.io/name", "patroni", "app.kubernetes.io/instance", "postgres"));
    }

    @Test
    void theSchemaCheckRefusesAnUnknownField() {
        String json = PodDisruptionBudgets.render(cluster(""), PodDisruptionBudgets.POLICY_V1)
                .replace("\"maxUnavailable\"", "\"maxUnavialable\"");
        assertThatThrownBy(() -> PodDisruptionBudgets.validate(json)).isInstanceOf(InvalidManifestException.class)
                .hasMessageContaining("maxUnavialable");
    }

    @Test
    void anotherApiVersionIsRefused() {
        assertThatThrownBy(() -> PodDisruptionBudgets.render(cluster(""), "policy/v2"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
