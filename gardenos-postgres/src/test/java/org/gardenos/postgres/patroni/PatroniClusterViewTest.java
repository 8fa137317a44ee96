package org.gardenos.postgres.patroni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.gardenos.postgres.PostgresFixtures;
import org.gardenos.postgres.settings.PostgresSettings;
import org.junit.jupiter.api.Test;

public class PatroniClusterViewTest {
    /** The shape of Patroni 3's GET /cluster (members with name, role, state, host, port, api_url, timeline, lag). */
    public static final String HEALTHY = """
            {"members": [
              {"name": "postgres-0", "role": "leader", "state": "running", "api_url": "http://172.21.0.5:8008/patroni",
               "host": "172.21.0.5", "port": 5432, "timeline": 2},
              {"name": "postgres-1", "role": "replica", "state": "streaming", "host": "172.21.1.7", "port": 5432,
               "timeline": 2, "lag": 0},
              {"name": "postgres-2", "role": "sync_standby", "state": "running", "host": "172.21.2.9", "port": 5432,
               "timeline": 2, "lag": 16}
            ], "scope": "postgres"}
            """;
    static final PostgresSettings PG = PostgresFixtures.settings("  maxLagBytes: 100\n");

    @Test
    void aHealthyViewHasOneLeaderAndReplicatingReplicas() {
        PatroniClusterView view = PatroniClusterView.parse(HEALTHY);
        assertThat(view.members()).containsExactly(
                new PatroniMember("postgres-0", "leader", "running", 2, OptionalLong.of(0)),
                new PatroniMember("postgres-1", "replica", "streaming", 2, OptionalLong.of(0)),
                new PatroniMember("postgres-2", "replica", "running", 2, OptionalLong.of(16)));
        assertThat(ClusterHealth.problems(PG, view)).isEmpty();
    }

    @Test
    void noLeaderAMissingMemberALaggingAndANonStreamingReplicaAreEachNamed() {
        PatroniClusterView view = PatroniClusterView.parse("""
                {"members": [
                  {"name": "postgres-1", "role": "replica", "state": "streaming", "timeline": 2, "lag": 5000},
                  {"name": "postgres-2", "role": "replica", "state": "starting", "timeline": 2, "lag": "unknown"}
                ]}
                """);
        assertThat(ClusterHealth.problems(PG, view)).containsExactly("no leader", "member postgres-0 missing",
                "replica postgres-1 lags 5000 bytes (over 100)", "replica postgres-2 is starting, not streaming");
    }

    /** What CI saw after a failover: the old leader back as a replica, still on timeline 1, lag small. */
    public static final String BACK_ON_THE_OLD_TIMELINE = """
            {"members": [
              {"name": "postgres-0", "role": "replica", "state": "running", "timeline": 1, "lag": 77776},
              {"name": "postgres-1", "role": "leader", "state": "running", "timeline": 2},
              {"name": "postgres-2", "role": "replica", "state": "running", "timeline": 2, "lag": 0}
            ]}
            """;

    @Test
    void aReplicaOnAnOlderTimelineThanTheLeaderIsNotHealthyAndCannotLead() {
        PostgresSettings pg = PostgresFixtures.settings("");
        PatroniClusterView view = PatroniClusterView.parse(BACK_ON_THE_OLD_TIMELINE);
        assertThat(ClusterHealth.problems(pg, view)).containsExactly("replica postgres-0 is on timeline 1, the leader on 2");
        assertThat(ClusterHealth.notReadyToLead(pg, view, "postgres-0"))
                .contains("replica postgres-0 is on timeline 1, the leader on 2");
        assertThat(ClusterHealth.notReadyToLead(pg, view, "postgres-2")).isEmpty();
        assertThat(ClusterHealth.notReadyToLead(pg, view, "postgres-1")).contains("postgres-1 is a leader");
        assertThat(ClusterHealth.notReadyToLead(pg, view, "postgres-5")).contains("member postgres-5 missing");
    }

    @Test
    void aCandidateWithUnknownTimelineOrLagCannotLeadThoughStatusToleratesIt() {
        PostgresSettings pg = PostgresFixtures.settings("");
        PatroniClusterView view = PatroniClusterView.parse("""
                {"members": [
                  {"name": "postgres-0", "role": "leader", "state": "running", "timeline": 4},
                  {"name": "postgres-1", "role": "replica", "state": "streaming"},
                  {"name": "postgres-2", "role": "replica", "state": "streaming", "timeline": 4}
                ]}
                """);
        assertThat(ClusterHealth.problems(pg, view)).isEmpty();
        assertThat(ClusterHealth.notReadyToLead(pg, view, "postgres-1")).contains("replica postgres-1's timeline is not known");
        assertThat(ClusterHealth.notReadyToLead(pg, view, "postgres-2")).contains("replica postgres-2's lag is not known");
    }

    @Test
    void anythingElseIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> PatroniClusterView.parse("<html>proxy error</html>"))
                .hasMessage("Patroni's /cluster answer is not JSON");
        assertThatThrownBy(() -> PatroniClusterView.parse("{\"scope\": \"x\"}"))
                .hasMessage("Patroni's /cluster answer has no members list");
        assertThatThrownBy(() -> PatroniClusterView.parse(
                "{\"members\": [{\"name\": \"x; rm -rf /\", \"role\": \"leader\", \"state\": \"running\"}]}"))
                .hasMessage("Patroni's /cluster answer has a member whose name is not a plain value");
        String many = "{\"members\": [" + "{\"name\":\"a\",\"role\":\"replica\",\"state\":\"running\"},".repeat(64)
                + "{\"name\":\"a\",\"role\":\"replica\",\"state\":\"running\"}]}";
        assertThatThrownBy(() -> PatroniClusterView.parse(many)).hasMessageContaining("more than 64 members");
    }

    @Test
    void lagIsHealthNotDriftTheLagOfAWalSwitchSeenInCiMakesStatusDegradedButGivesAnApplyNothingToWaitFor() {
        PostgresSettings pg = PostgresFixtures.settings("");
        PatroniClusterView view = PatroniClusterView.parse("""
                {"members": [
                  {"name": "postgres-0", "role": "leader", "state": "running", "timeline": 1},
                  {"name": "postgres-1", "role": "replica", "state": "running", "timeline": 1, "lag": 33554336},
                  {"name": "postgres-2", "role": "replica", "state": "streaming", "timeline": 1, "lag": 0}
                ]}
                """);
        assertThat(ClusterHealth.problems(pg, view)).containsExactly("replica postgres-1 lags 33554336 bytes (over "
                + pg.maxLagBytes() + ")");
        assertThat(ClusterHealth.convergenceProblems(pg, view)).isEmpty();
        assertThat(ClusterHealth.notReadyToLead(pg, view, "postgres-1")).isPresent();
    }

    @Test
    void withoutLagEveryOtherProblemIsStillOneAnApplyWaitsOn() {
        PostgresSettings pg = PostgresFixtures.settings("");
        PatroniClusterView view = PatroniClusterView.parse("""
                {"members": [
                  {"name": "postgres-0", "role": "leader", "state": "running", "timeline": 2},
                  {"name": "postgres-1", "role": "replica", "state": "running", "timeline": 1, "lag": 99999999},
                  {"name": "postgres-2", "role": "replica", "state": "creating replica"}
                ]}
                """);
        assertThat(ClusterHealth.convergenceProblems(pg, view)).containsExactly(
                "replica postgres-1 is on timeline 1, the leader on 2", "replica postgres-2 is creating replica, not streaming");
    }
}
