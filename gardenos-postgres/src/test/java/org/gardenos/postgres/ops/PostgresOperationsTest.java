package org.gardenos.postgres.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.kubernetes.client.openapi.ApiClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.gardenos.error.GardenException;
import org.gardenos.error.InputException;
import org.gardenos.inventory.Inventory;
import org.gardenos.postgres.PostgresFixtures;
import org.gardenos.postgres.StandInEtcdCredentials;
import org.gardenos.postgres.api.KubeCalls;
import org.gardenos.postgres.patroni.PatroniClusterViewTest;
import org.gardenos.state.StateDir;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The URL and the switchover's input rules; no API is reached (the calls supplier fails if asked), except in the
 * refusal test, which uses a STAND-IN Kubernetes API (WireMock on 127.0.0.1) answering Patroni's {@code /cluster}.
 */
class PostgresOperationsTest {
    @TempDir
    Path dir;
    StateDir state;
    PostgresOperations ops;

    @BeforeEach
    void setUp() {
        Inventory inventory = PostgresFixtures.LOADER.parse(PostgresFixtures.inventory(
                "  users: [{name: app}]\n  ports: {primary: 6432, replica: 6433}\n"), PostgresFixtures.FILE).inventory();
        state = StateDir.open(dir.resolve("state"));
        ops = new PostgresOperations(inventory, state, new StandInEtcdCredentials(true, List.of("https://203.0.113.11:2379")),
                () -> {
                    throw new AssertionError("no API call expected");
                });
    }

    @Test
    void theUrlGoesThroughTheLoadBalancerAndShowsThePasswordOnlyWhenAsked() {
        assertThat(ops.url(false, Optional.empty(), false))
                .isEqualTo("postgresql://postgres@203.0.113.11:6432/postgres?sslmode=require");
        assertThat(ops.url(true, Optional.of("app"), false))
                .isEqualTo("postgresql://app@203.0.113.11:6433/postgres?sslmode=require");
        state.writeSecret("postgres/postgres-cluster/postgres-user-app.password", "Kept0Password0For0App0xyz12\n".getBytes());
        assertThat(ops.url(false, Optional.of("app"), true))
                .isEqualTo("postgresql://app:Kept0Password0For0App0xyz12@203.0.113.11:6432/postgres?sslmode=require");
    }

    @Test
    void badInputIsOneLine() {
        assertThatThrownBy(() -> ops.url(false, Optional.of("nobody"), false)).isInstanceOf(InputException.class)
                .hasMessage("postgres url --user: unknown user 'nobody' (known: postgres, standby, admin, app)");
        assertThatThrownBy(() -> ops.switchover(Optional.of("postgres-7"))).isInstanceOf(InputException.class)
                .hasMessage("postgres switchover --to: 'postgres-7' is not a member (members: postgres-0, postgres-1,"
                        + " postgres-2)");
    }

    @Test
    void aSwitchoverToAReplicaStillOnTheOldTimelineIsRefusedBeforeAnythingIsRequested() {
        WireMockServer api = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        api.start();
        try {
            api.stubFor(get(urlPathMatching("/api/v1/namespaces/postgres-cluster/pods/postgres-[0-9]:8008/proxy/cluster"))
                    .willReturn(okJson(PatroniClusterViewTest.BACK_ON_THE_OLD_TIMELINE)));
            Inventory inventory = PostgresFixtures.LOADER.parse(PostgresFixtures.inventory("  replicas: 3\n"),
                    PostgresFixtures.FILE).inventory();
            KubeCalls calls = new KubeCalls(new ApiClient().setBasePath("http://127.0.0.1:" + api.port()));
            PostgresOperations scripted = new PostgresOperations(inventory, state,
                    new StandInEtcdCredentials(true, List.of("https://203.0.113.11:2379")), () -> calls);
            assertThatThrownBy(() -> scripted.switchover(Optional.of("postgres-0"))).isInstanceOf(GardenException.class)
                    .hasMessage("postgres switchover: refused, promoting postgres-0 now could lose committed writes:"
                            + " replica postgres-0 is on timeline 1, the leader on 2 (wait until `gardenos status"
                            + " postgres` shows it replicating, then retry)");
            assertThatThrownBy(() -> scripted.switchover(Optional.empty())).isInstanceOf(GardenException.class)
                    .hasMessageContaining("promoting a replica now could lose committed writes");
            api.verify(0, postRequestedFor(anyUrl()));
        } finally {
            api.stop();
        }
    }
}
