package org.gardenos.k3s;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.gardenos.error.InputException;

/**
 * How long the k3s layer waits for a server's API ({@code /readyz}) and for cluster objects, and how often it asks.
 * Bound by {@link K3sModule} to {@link #defaults()}; rebind it (e.g. {@code Modules.override}) to wait less in tests.
 * Both values must be positive and the interval shorter than the timeout; all problems are named at once.
 */
public record K3sTimeouts(Duration ready, Duration pollInterval) {
    public K3sTimeouts {
        List<String> problems = new ArrayList<>();
        if (ready == null || ready.isNegative() || ready.isZero()) {
            problems.add("k3s timeouts: ready must be a positive duration, got " + ready);
        }
        if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
            problems.add("k3s timeouts: pollInterval must be a positive duration, got " + pollInterval);
        } else if (ready != null && pollInterval.compareTo(ready) > 0) {
            problems.add("k3s timeouts: pollInterval " + pollInterval + " is longer than ready " + ready);
        }
        if (!problems.isEmpty()) {
            throw new InputException(problems);
        }
    }

    /** 10 minutes for an API to become ready, asked every 2 seconds. */
    public static K3sTimeouts defaults() {
        return new K3sTimeouts(Duration.ofMinutes(10), Duration.ofSeconds(2));
    }
}
