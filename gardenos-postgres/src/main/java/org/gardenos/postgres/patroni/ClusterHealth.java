package org.gardenos.postgres.patroni;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.gardenos.postgres.settings.PostgresSettings;

/**
 * What "the cluster is up" means, shared by the layer's wait and {@code status postgres}: exactly one leader, every
 * member of the StatefulSet ({@code SCOPE-0 .. SCOPE-(n-1)}) present, every replica replicating on the leader's
 * timeline with a lag of at most {@code maxLagBytes}.
 *
 * <p>The timeline matters: a member that comes back after a failover reports {@code running} with a small lag while
 * it is still on the old timeline and not yet receiving the new leader's WAL. Counting it healthy let a switchover
 * promote it and lose the writes made since the failover (seen in CI: the row written after the failover was gone).
 */
public final class ClusterHealth {
    private ClusterHealth() {
    }

    /** The problems, one short phrase each; empty when healthy. */
    public static List<String> problems(PostgresSettings pg, PatroniClusterView view) {
        return problems(pg, view, true);
    }

    /**
     * The problems an apply would wait on when it has nothing to change: {@link #problems} without replication lag.
     * Lag is health ({@code status postgres} reports it), not drift: an apply cannot change it, and the lag in
     * Patroni's view is taken from positions its members write to the DCS once per loop, so a leader's WAL switch
     * (a replica's base backup ends with one) shows an idle, caught-up replica 16-32 MiB behind until its next loop
     * (seen in CI: a second check right after a healthy bring-up said "replica postgres-1 lags 33554336 bytes").
     */
    public static List<String> convergenceProblems(PostgresSettings pg, PatroniClusterView view) {
        return problems(pg, view, false);
    }

    private static List<String> problems(PostgresSettings pg, PatroniClusterView view, boolean lag) {
        List<String> problems = new ArrayList<>();
        int leaders = view.leaders().size();
        if (leaders == 0) {
            problems.add("no leader");
        } else if (leaders > 1) {
            problems.add(leaders + " leaders");
        }
        Set<String> present = view.members().stream().map(PatroniMember::name).collect(Collectors.toSet());
        for (String expected : members(pg)) {
            if (!present.contains(expected)) {
                problems.add("member " + expected + " missing");
            }
        }
        long leaderTimeline = leaderTimeline(view);
        for (PatroniMember m : view.members()) {
            if (!m.leader()) {
                replicaProblem(pg, m, leaderTimeline, false, lag).ifPresent(problems::add);
            }
        }
        return problems;
    }

    /**
     * Why {@code name} cannot take over without losing committed writes, or empty when it can: it must be a replica
     * that replicates on the leader's timeline with a known lag of at most {@code maxLagBytes}. Stricter than
     * {@link #problems}: an unknown timeline or lag is a reason too.
     */
    public static Optional<String> notReadyToLead(PostgresSettings pg, PatroniClusterView view, String name) {
        Optional<PatroniMember> member = view.members().stream().filter(m -> m.name().equals(name)).findFirst();
        if (member.isEmpty()) {
            return Optional.of("member " + name + " missing");
        }
        if (member.get().leader()) {
            return Optional.of(name + " is a leader");
        }
        return replicaProblem(pg, member.get(), leaderTimeline(view), true, true);
    }

    private static Optional<String> replicaProblem(PostgresSettings pg, PatroniMember m, long leaderTimeline,
                                                   boolean strict, boolean lag) {
        if (!m.replicating()) {
            return Optional.of("replica " + m.name() + " is " + m.state() + ", not streaming");
        }
        if (m.timeline() > 0 && leaderTimeline > 0 && m.timeline() != leaderTimeline) {
            return Optional.of("replica " + m.name() + " is on timeline " + m.timeline() + ", the leader on "
                    + leaderTimeline);
        }
        if (strict && (m.timeline() <= 0 || leaderTimeline <= 0)) {
            return Optional.of("replica " + m.name() + "'s timeline is not known");
        }
        if (strict && m.lagBytes().isEmpty()) {
            return Optional.of("replica " + m.name() + "'s lag is not known");
        }
        if (lag && m.lagBytes().isPresent() && m.lagBytes().getAsLong() > pg.maxLagBytes()) {
            return Optional.of("replica " + m.name() + " lags " + m.lagBytes().getAsLong() + " bytes (over "
                    + pg.maxLagBytes() + ")");
        }
        return Optional.empty();
    }

    private static long leaderTimeline(PatroniClusterView view) {
        return view.leaders().stream().mapToLong(PatroniMember::timeline).max().orElse(0);
    }

    public static List<String> members(PostgresSettings pg) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < pg.replicas(); i++) {
            names.add(pg.scope() + "-" + i);
        }
        return names;
    }
}
