package org.gardenos.postgres.model;

/**
 * The pod label a Patroni callback keeps equal to the member's role; the primary and replica Services select on it.
 * Patroni 3 names the leader's role {@code master}, Patroni 4 {@code primary}.
 */
public record RoleLabel(String key, String leaderValue, String replicaValue) {
}
