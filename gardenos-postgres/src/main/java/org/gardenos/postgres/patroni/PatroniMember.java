package org.gardenos.postgres.patroni;

import java.util.OptionalLong;

/**
 * One member as Patroni's {@code /cluster} reports it. {@code role} is normalised to {@code leader} or
 * {@code replica} (Patroni also says {@code standby_leader}, {@code sync_standby}); {@code state} is Patroni's own
 * ({@code running}, {@code streaming}, {@code starting}, ...); {@code lagBytes} is empty when Patroni reports none or
 * {@code unknown}.
 */
public record PatroniMember(String name, String role, String state, long timeline, OptionalLong lagBytes) {
    public static final String LEADER = "leader";
    public static final String REPLICA = "replica";

    public boolean leader() {
        return LEADER.equals(role);
    }

    /**
     * A replica that replicates: Patroni 3.0.4+ says {@code streaming}; Debian 12's Patroni 3.0.2 says {@code running}
     * for a replica and gives a numeric lag only when it knows the replica's position.
     */
    public boolean replicating() {
        return "streaming".equals(state) || ("running".equals(state) && lagBytes.isPresent());
    }
}
