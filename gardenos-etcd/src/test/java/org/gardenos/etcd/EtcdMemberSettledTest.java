package org.gardenos.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.gardenos.etcd.status.EtcdClusterStatus;
import org.gardenos.etcd.status.EtcdMemberHealth;
import org.junit.jupiter.api.Test;

/**
 * When a member's (re)start is done ({@link EtcdMemberService#settled}): the cluster has settled around it, not
 * merely answered. The case that made an apply's health check report a change of its own: two members answering
 * (a quorum of three) while still electing a leader, i.e. NO_QUORUM for a moment; the start used to return then.
 */
class EtcdMemberSettledTest {
    private static final String N1 = "https://10.0.0.1:2379";
    private static final String N2 = "https://10.0.0.2:2379";
    private static final String N3 = "https://10.0.0.3:2379";

    @Test
    void aStartThatCompletesAQuorumWaitsUntilTheAnsweringMembersAreHealthy() {
        EtcdClusterStatus electing = status(answering(N1, false), answering(N2, false), down(N3));
        assertThat(electing.verdict()).isEqualTo(EtcdClusterStatus.Verdict.NO_QUORUM);
        assertThat(EtcdMemberService.settled(electing, N2)).isFalse();

        assertThat(EtcdMemberService.settled(status(answering(N1, true), answering(N2, true), down(N3)), N2)).isTrue();
    }

    @Test
    void theLastStartWaitsUntilEveryMemberThatAnswersIsHealthy() {
        EtcdClusterStatus oneBehind = status(answering(N1, true), answering(N2, false), answering(N3, true));
        assertThat(oneBehind.verdict()).isEqualTo(EtcdClusterStatus.Verdict.DEGRADED);
        assertThat(EtcdMemberService.settled(oneBehind, N3)).as("N3 healthy, N2 not yet").isFalse();
        assertThat(EtcdMemberService.settled(status(answering(N1, true), answering(N2, true), answering(N3, true)), N3))
                .isTrue();
    }

    @Test
    void aStartThatCannotMakeAQuorumAloneIsDoneOnceTheMemberAnswers() {
        // one of three answering: the next host's start brings the quorum (the layer's last play waits for it)
        assertThat(EtcdMemberService.settled(status(answering(N1, false), down(N2), down(N3)), N1)).isTrue();
        assertThat(EtcdMemberService.settled(status(down(N1), down(N2), down(N3)), N1)).isFalse();
    }

    private static EtcdClusterStatus status(EtcdMemberHealth... members) {
        long healthy = List.of(members).stream().filter(EtcdMemberHealth::healthy).count();
        return new EtcdClusterStatus(EtcdClusterStatus.verdict(members.length, healthy), members.length,
                List.of(members));
    }

    private static EtcdMemberHealth answering(String endpoint, boolean healthy) {
        return new EtcdMemberHealth(endpoint, Optional.empty(), endpoint.hashCode(), true, healthy, false, "3.4.23", 2,
                10, 20480, List.of(), healthy ? Optional.empty() : Optional.of("no quorum read: no answer within 2000 ms"));
    }

    private static EtcdMemberHealth down(String endpoint) {
        return new EtcdMemberHealth(endpoint, Optional.empty(), 0, false, false, false, "", 0, 0, 0, List.of(),
                Optional.of("Connection refused"));
    }
}
