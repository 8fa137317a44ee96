package org.gardenos.postgres.cluster;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.kubernetes.client.openapi.ApiClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.gardenos.engine.Change;
import org.gardenos.engine.Target;
import org.gardenos.error.GardenException;
import org.gardenos.inventory.Inventory;
import org.gardenos.logging.SecretRedactor;
import org.gardenos.postgres.PostgresFixtures;
import org.gardenos.postgres.StandInEtcdCredentials;
import org.gardenos.postgres.api.KubeCalls;
import org.gardenos.postgres.patroni.PatroniClusterViewTest;
import org.gardenos.state.StateDir;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The postgres-cluster resource against a STAND-IN Kubernetes API (WireMock on 127.0.0.1 answering as the test
 * scripts it): it proves what GardenOS asks and sends (paths, server-side apply, the order of refusal), not how a
 * real API server reacts. No Kubernetes API server runs in these tests.
 */
class PostgresClusterScriptedApiTest {
    @TempDir
    Path dir;
    WireMockServer api;
    KubeCalls calls;
    Target target;
    PostgresClusterResource resource;
    SecretRedactor redactor = new SecretRedactor();

    @BeforeEach
    void start() {
        api = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        api.start();
        calls = new KubeCalls(new ApiClient().setBasePath("http://127.0.0.1:" + api.port()));
        Inventory inventory = PostgresFixtures.LOADER.parse(PostgresFixtures.inventory(
                "  flavor: patroni\n  image: localhost/gardenos/patroni:1\n"), PostgresFixtures.FILE).inventory();
        StateDir state = StateDir.open(dir.resolve("state"));
        state.writeSecret("kubeconfig", "stand-in".getBytes());
        target = new Target(inventory.hosts().get(0), null, inventory, state);
        resource = new PostgresClusterResource(t -> calls, new PostgresObjects(new StandInEtcdCredentials(true,
                List.of("https://203.0.113.11:2379")), redactor), Duration.ofSeconds(2), Duration.ofMillis(50));
        api.stubFor(get(urlPathMatching("/apis/policy/?")).willReturn(okJson(
                "{\"kind\":\"APIGroup\",\"apiVersion\":\"v1\",\"name\":\"policy\",\"versions\":[{\"groupVersion\":"
                        + "\"policy/v1beta1\",\"version\":\"v1beta1\"}]}")));
        api.stubFor(patch(anyUrl()).willReturn(okJson("{}")));
        api.stubFor(get(urlPathEqualTo("/api/v1/namespaces/postgres-cluster/pods/postgres-0:8008/proxy/cluster"))
                .willReturn(okJson(PatroniClusterViewTest.HEALTHY)));
    }

    @AfterEach
    void stop() {
        api.stop();
    }

    private void storageClasses(String json) {
        api.stubFor(get(urlPathEqualTo(StorageClassCheck.PATH)).willReturn(okJson(json)));
    }

    @Test
    void withoutADefaultStorageClassNothingIsApplied() {
        storageClasses(StorageClassCheckTest.NO_DEFAULT);
        assertThat(resource.check(target).detail()).startsWith("PVC would stay Pending: no default StorageClass; hint:");
        assertThatThrownBy(() -> resource.apply(target, resource.check(target)))
                .isInstanceOf(GardenException.class)
                .hasMessageStartingWith("PVC would stay Pending: no default StorageClass; hint: set postgres.volume");
        api.verify(0, patchRequestedFor(anyUrl()));
    }

    @Test
    void planNamesEachObjectApplyPatchesEachAndASecondRunChangesNothing() throws IOException {
        storageClasses(StorageClassCheckTest.WITH_DEFAULT);
        Change plan = resource.check(target);
        assertThat(plan.detail()).contains("create Namespace postgres-cluster", "create Secret postgres-cluster/postgres-superuser",
                "create StatefulSet postgres-cluster/postgres", "create ConfigMap postgres-cluster/postgres-patroni-config",
                "create PodDisruptionBudget postgres-cluster/postgres (policy/v1beta1)");

        resource.apply(target, plan);

        List<LoggedRequest> patches = api.findAll(patchRequestedFor(anyUrl()));
        assertThat(patches).hasSize(plan.detail().split("; ").length);
        assertThat(patches).extracting(LoggedRequest::getUrl).contains(
                "/api/v1/namespaces/postgres-cluster?fieldManager=gardenos&force=true",
                "/apis/apps/v1/namespaces/postgres-cluster/statefulsets/postgres?fieldManager=gardenos&force=true",
                "/apis/policy/v1beta1/namespaces/postgres-cluster/poddisruptionbudgets/postgres?fieldManager=gardenos&force=true");
        for (LoggedRequest p : patches) {
            assertThat(p.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
            assertThat(p.getBodyAsString()).doesNotContain("[]").contains(DesiredObject.APPLIED);
        }
        // the kept passwords: 0600 files, registered with the redactor
        List<Path> kept;
        try (Stream<Path> files = Files.list(dir.resolve("state/postgres/postgres-cluster"))) {
            kept = files.toList();
        }
        assertThat(kept).isNotEmpty();
        for (Path file : kept) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            String password = Files.readString(file).strip();
            assertThat(redactor.redact("x " + password + " y")).isEqualTo("x " + SecretRedactor.MASK + " y");
        }

        // the live objects now carry what was applied: the same render is no change
        for (LoggedRequest p : patches) {
            api.stubFor(get(urlPathEqualTo(p.getUrl().replaceFirst("\\?.*", ""))).willReturn(okJson(p.getBodyAsString())));
        }
        assertThat(resource.check(target).isNone()).isTrue();
        api.verify(anyRequestedFor(urlPathEqualTo("/api/v1/namespaces/postgres-cluster/pods/postgres-0:8008/proxy/cluster")));

        // lag is health, not drift (ClusterHealth.convergenceProblems): the view CI saw right after a bring-up
        String cluster = "/api/v1/namespaces/postgres-cluster/pods/postgres-0:8008/proxy/cluster";
        api.stubFor(get(urlPathEqualTo(cluster)).willReturn(okJson("{\"members\":["
                + "{\"name\":\"postgres-0\",\"role\":\"leader\",\"state\":\"running\",\"timeline\":1},"
                + "{\"name\":\"postgres-1\",\"role\":\"replica\",\"state\":\"running\",\"timeline\":1,\"lag\":33554336},"
                + "{\"name\":\"postgres-2\",\"role\":\"replica\",\"state\":\"streaming\",\"timeline\":1,\"lag\":0}]}")));
        assertThat(resource.check(target).isNone()).as("a lagging replica gives an apply nothing to do").isTrue();
        api.stubFor(get(urlPathEqualTo(cluster)).willReturn(okJson("{\"members\":["
                + "{\"name\":\"postgres-0\",\"role\":\"leader\",\"state\":\"running\",\"timeline\":1},"
                + "{\"name\":\"postgres-1\",\"role\":\"replica\",\"state\":\"running\",\"timeline\":1,\"lag\":0}]}")));
        Change missing = resource.check(target);
        assertThat(missing.action()).isEqualTo(org.gardenos.engine.ChangeAction.WAIT);
        assertThat(missing.detail()).isEqualTo("Patroni: member postgres-2 missing");
    }

    @Test
    void theWaitEndsInOneLineNamingWhatPatroniLacks() {
        storageClasses(StorageClassCheckTest.WITH_DEFAULT);
        api.stubFor(get(urlPathEqualTo("/api/v1/namespaces/postgres-cluster/pods/postgres-0:8008/proxy/cluster"))
                .willReturn(okJson("{\"members\":[{\"name\":\"postgres-0\",\"role\":\"replica\",\"state\":\"starting\"}]}")));
        assertThatThrownBy(() -> resource.apply(target, resource.check(target)))
                .hasMessageStartingWith("waited 2 s for the postgres cluster in postgres-cluster: no leader; member"
                        + " postgres-1 missing; member postgres-2 missing; replica postgres-0 is starting, not streaming");
    }
}
