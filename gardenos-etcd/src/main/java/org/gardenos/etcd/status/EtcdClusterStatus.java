package org.gardenos.etcd.status;

import java.util.List;
import java.util.Optional;

/**
 * The whole cluster as probed: every member's health and a verdict. {@code memberCount} is the membership size as
 * the cluster reports it (falling back to the number of endpoints probed when no member answered).
 */
public record EtcdClusterStatus(Verdict verdict, int memberCount, List<EtcdMemberHealth> members) {
    public enum Verdict {
        /** Every member healthy. */
        HEALTHY,
        /** A quorum of members is healthy, some are down: writes still work, one more loss may stop them. */
        DEGRADED,
        /** Fewer than a quorum healthy: the cluster accepts no writes. */
        NO_QUORUM
    }

    public EtcdClusterStatus {
        members = List.copyOf(members);
    }

    public static Verdict verdict(int memberCount, long healthy) {
        if (memberCount > 0 && healthy >= memberCount) {
            return Verdict.HEALTHY;
        }
        return healthy >= memberCount / 2 + 1 ? Verdict.DEGRADED : Verdict.NO_QUORUM;
    }

    public long healthyCount() {
        return members.stream().filter(EtcdMemberHealth::healthy).count();
    }

    public Optional<EtcdMemberHealth> leader() {
        return members.stream().filter(m -> m.healthy() && m.leader()).findFirst();
    }

    public String summary() {
        return verdict + ": " + healthyCount() + "/" + memberCount + " members healthy";
    }
}
