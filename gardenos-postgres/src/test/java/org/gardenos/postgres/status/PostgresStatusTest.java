package org.gardenos.postgres.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.gardenos.postgres.PostgresFixtures;
import org.gardenos.postgres.patroni.PatroniClusterView;
import org.gardenos.postgres.patroni.PatroniClusterViewTest;
import org.gardenos.postgres.settings.PostgresSettings;
import org.gardenos.status.Health;
import org.gardenos.status.StatusItem;
import org.gardenos.status.StatusReport;
import org.junit.jupiter.api.Test;

class PostgresStatusTest {
    static final PostgresSettings PG = PostgresFixtures.settings("  maxLagBytes: 100\n");
    static final Map<String, String> NODES = Map.of("postgres-0", "node-1", "postgres-1", "node-2", "postgres-2", "node-3");

    @Test
    void eachMemberHasExactlyTheDocumentedFields() {
        StatusReport report = PostgresStatus.report(PG, PatroniClusterView.parse(PatroniClusterViewTest.HEALTHY), NODES);
        assertThat(report.health()).isEqualTo(Health.HEALTHY);
        assertThat(report.summary()).isEqualTo("leader postgres-0, 2/2 replicas streaming");
        assertThat(report.items()).extracting(StatusItem::fields).containsExactly(
                Map.of("pod", "postgres-0", "node", "node-1", "role", "leader", "state", "running", "timeline", "2",
                        "lagBytes", "0"),
                Map.of("pod", "postgres-1", "node", "node-2", "role", "replica", "state", "streaming", "timeline", "2",
                        "lagBytes", "0"),
                Map.of("pod", "postgres-2", "node", "node-3", "role", "replica", "state", "running", "timeline", "2",
                        "lagBytes", "16"));
        assertThat(report.items().get(0).fields().keySet())
                .containsExactly("pod", "node", "role", "state", "timeline", "lagBytes");
    }

    @Test
    void noLeaderIsDownAndAMissingOrLaggingMemberIsDegraded() {
        StatusReport noLeader = PostgresStatus.report(PG, PatroniClusterView.parse(
                "{\"members\":[{\"name\":\"postgres-1\",\"role\":\"replica\",\"state\":\"streaming\",\"lag\":0}]}"), NODES);
        assertThat(noLeader.health()).isEqualTo(Health.DOWN);
        assertThat(noLeader.summary()).startsWith("no leader, 1/2 replicas streaming; no leader; member postgres-0 missing");

        StatusReport lagging = PostgresStatus.report(PG, PatroniClusterView.parse("""
                {"members":[{"name":"postgres-0","role":"leader","state":"running","timeline":3},
                            {"name":"postgres-1","role":"replica","state":"streaming","timeline":3,"lag":101}]}
                """), NODES);
        assertThat(lagging.health()).isEqualTo(Health.DEGRADED);
        assertThat(lagging.summary()).isEqualTo("leader postgres-0, 1/2 replicas streaming; member postgres-2 missing;"
                + " replica postgres-1 lags 101 bytes (over 100)");
        assertThat(lagging.items().get(1).health()).isEqualTo(Health.DEGRADED);
    }

    @Test
    void withoutAPostgresSectionThereIsNothingToAsk() {
        StatusReport report = new PostgresStatus(PostgresFixtures.LOADER.parse(PostgresFixtures.inventory(""),
                PostgresFixtures.FILE).inventory(), () -> {
                    throw new AssertionError("no API call without a postgres section");
                }).probe();
        assertThat(report.health()).isEqualTo(Health.HEALTHY);
        assertThat(report.summary()).isEqualTo("no postgres section in the inventory");
    }
}
