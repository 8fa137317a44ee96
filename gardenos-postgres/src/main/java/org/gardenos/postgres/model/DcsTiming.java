package org.gardenos.postgres.model;

/**
 * Patroni's {@code bootstrap.dcs} timing: a leader that stops renewing its lock is replaced after at most
 * {@code ttl + loopWait} seconds; {@code maximumLagOnFailover} keeps a replica that lags more bytes from promotion.
 */
public record DcsTiming(int ttl, int loopWait, int retryTimeout, long maximumLagOnFailover) {
}
