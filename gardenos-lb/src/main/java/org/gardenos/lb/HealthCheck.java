package org.gardenos.lb;

import java.time.Duration;

/**
 * How HAProxy decides that a K3s server is up: a plain TCP connect every {@code interval}; {@code fall}
 * failures in a row mark it DOWN, {@code rise} successes mark it UP again.
 *
 * <p>Why TCP and not {@code option httpchk GET /healthz} over {@code check-ssl}: K3s runs the API server with
 * anonymous authentication disabled, so {@code /healthz} answers 401 to a check that carries no client
 * certificate, and a check expecting 200 marks every healthy server DOWN (the failure the seed journal records).
 * Accepting 401 would prove only what the TCP connect proves plus a TLS handshake. The defaults (2 s, fall 3,
 * rise 2) take a dead server out within about 6 s and need 4 s of health before it gets traffic again.
 */
public record HealthCheck(Duration interval, int rise, int fall) {
    public static final HealthCheck DEFAULT = new HealthCheck(Duration.ofSeconds(2), 2, 3);

    public HealthCheck {
        if (interval.toMillis() < 100) {
            throw new IllegalArgumentException("check interval below 100 ms: " + interval);
        }
        if (rise < 1 || fall < 1) {
            throw new IllegalArgumentException("rise and fall are at least 1");
        }
    }

    /** The {@code default-server} options that carry this check. */
    String serverOptions() {
        return "check inter " + interval.toMillis() + "ms rise " + rise + " fall " + fall;
    }
}
