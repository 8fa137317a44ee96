package org.gardenos.k3s.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1DeploymentStatus;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import java.time.Duration;
import org.gardenos.error.GardenException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rollout waits against a scripted stand-in API whose answers change from call to call. */
class RolloutWaiterScriptedApiTest {
    private static final String PATH = "/apis/apps/v1/namespaces/apps/deployments/web";
    private final ScriptedKubernetesApi api = new ScriptedKubernetesApi();

    @AfterEach
    void stop() {
        api.close();
    }

    static V1Deployment deployment(long generation, Long observed, int replicas, int updated, int available) {
        return new V1Deployment().apiVersion("apps/v1").kind("Deployment")
                .metadata(new V1ObjectMeta().name("web").namespace("apps").generation(generation))
                .spec(new V1DeploymentSpec().replicas(3).selector(new V1LabelSelector())
                        .template(new V1PodTemplateSpec()))
                .status(new V1DeploymentStatus().observedGeneration(observed).replicas(replicas)
                        .updatedReplicas(updated).availableReplicas(available).readyReplicas(available));
    }

    /** Scripts the answers in order; the last one repeats. */
    private void script(V1Deployment... answers) {
        String state = Scenario.STARTED;
        for (int i = 0; i < answers.length; i++) {
            String next = "answer-" + (i + 1);
            var stub = get(urlPathEqualTo(PATH)).inScenario("rollout").whenScenarioStateIs(state);
            if (i < answers.length - 1) {
                stub = stub.willSetStateTo(next);
            }
            api.server.stubFor(stub.willReturn(aResponse().withHeader("Content-Type", "application/json")
                    .withBody(ScriptedKubernetesApi.json(answers[i]))));
            state = next;
        }
    }

    @Test
    void waitsThroughStaleGenerationAndOldReplicasUntilTheNewOnesAreAvailable() {
        script(
                // all 3 "ready" but the controller has not seen generation 5: Readiness.isDeploymentReady says ready
                deployment(5, 4L, 3, 3, 3),
                deployment(5, 5L, 4, 1, 3),   // surge: 1 new, 3 old
                deployment(5, 5L, 3, 3, 2),   // all new, one not yet available
                deployment(5, 5L, 3, 3, 3));  // done

        var progress = new RolloutWaiter(api.client, Duration.ofMillis(1))
                .awaitDeployment("apps", "web", Duration.ofMinutes(1));

        assertThat(progress.done()).isTrue();
        assertThat(progress.detail()).isEqualTo("3 of 3 replicas updated and available");
        api.server.verify(4, getRequestedFor(urlPathEqualTo(PATH)));
    }

    @Test
    void progressRulesInOrder() {
        assertThat(RolloutProgress.of(deployment(5, 4L, 3, 3, 3)).detail())
                .isEqualTo("the controller has not seen generation 5 yet");
        assertThat(RolloutProgress.of(deployment(5, 5L, 3, 2, 3)).detail()).isEqualTo("2 of 3 replicas updated");
        assertThat(RolloutProgress.of(deployment(5, 5L, 4, 3, 3)).detail())
                .isEqualTo("1 old replicas pending termination");
        assertThat(RolloutProgress.of(deployment(5, 5L, 3, 3, 1)).detail())
                .isEqualTo("1 of 3 updated replicas available");
    }

    @Test
    void aDeploymentThatNeverBecomesReadyTimesOutNamingWhatIsMissing() {
        script(deployment(2, 2L, 3, 3, 1));
        assertThatThrownBy(() -> new RolloutWaiter(api.client, Duration.ofMillis(5))
                .awaitDeployment("apps", "web", Duration.ofMillis(50)))
                .isInstanceOf(GardenException.class)
                .hasMessage("Deployment apps/web: rollout not complete after 50 ms: 1 of 3 updated replicas available");
    }

    @Test
    void notFoundYetIsWaitedFor() {
        api.server.stubFor(get(urlPathEqualTo(PATH)).inScenario("create").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("created").willReturn(aResponse().withStatus(404)
                        .withHeader("Content-Type", "application/json")
                        .withBody(ScriptedKubernetesApi.status(404, "NotFound", "deployments.apps \"web\" not found"))));
        api.server.stubFor(get(urlPathEqualTo(PATH)).inScenario("create").whenScenarioStateIs("created")
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody(ScriptedKubernetesApi.json(deployment(1, 1L, 3, 3, 3)))));
        assertThat(new RolloutWaiter(api.client, Duration.ofMillis(1))
                .awaitDeployment("apps", "web", Duration.ofMinutes(1)).done()).isTrue();
    }

    @Test
    void forbiddenWhileWaitingIsNotWaitedFor() {
        api.server.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json")
                .withBody(ScriptedKubernetesApi.status(403, "Forbidden", "deployments.apps \"web\" is forbidden"))));
        assertThatThrownBy(() -> new RolloutWaiter(api.client, Duration.ofMillis(1))
                .awaitDeployment("apps", "web", Duration.ofMinutes(1)))
                .isInstanceOf(KubernetesApiException.class)
                .hasMessageStartingWith("read Deployment apps/web: forbidden (403): deployments.apps \"web\" is forbidden");
    }
}
