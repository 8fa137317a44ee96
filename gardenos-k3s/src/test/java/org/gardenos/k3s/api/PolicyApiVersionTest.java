package org.gardenos.k3s.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The choice from a discovered version list, and the rendering of both choices (1.20: see the real-API test). */
class PolicyApiVersionTest {
    @Test
    void v1IsPreferredWhenServedAndNeitherIsAClearError() {
        assertThat(PolicyApiVersion.choose(List.of("v1", "v1beta1"))).isEqualTo(PolicyApiVersion.V1);
        assertThat(PolicyApiVersion.choose(List.of("v1"))).isEqualTo(PolicyApiVersion.V1);
        assertThat(PolicyApiVersion.choose(List.of("v1beta1"))).isEqualTo(PolicyApiVersion.V1BETA1);
        assertThatThrownBy(() -> PolicyApiVersion.choose(List.of("v2")))
                .hasMessageContaining("neither policy/v1 nor policy/v1beta1");
    }

    @Test
    void bothVersionsRenderTheSameBudget() {
        String v1 = PolicyApiVersion.V1.renderPodDisruptionBudget("apps", "web", "web", 2);
        String beta = PolicyApiVersion.V1BETA1.renderPodDisruptionBudget("apps", "web", "web", 2);

        assertThat(v1).startsWith("apiVersion: policy/v1\nkind: PodDisruptionBudget\n").contains("minAvailable: 2");
        assertThat(beta).startsWith("apiVersion: policy/v1beta1\n");
        assertThat(v1.substring(v1.indexOf('\n'))).isEqualTo(beta.substring(beta.indexOf('\n')));
    }
}
