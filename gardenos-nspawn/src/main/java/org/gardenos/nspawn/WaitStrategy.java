package org.gardenos.nspawn;

import java.time.Duration;

/**
 * When a booted host counts as ready. {@link DebianHosts#start()} and {@link TestHost#start()} wait with the set's
 * strategy (default {@link SshPortOpen}) before returning.
 */
@FunctionalInterface
public interface WaitStrategy {
    /** Returns once {@code host} is ready; throws {@link NspawnException} when it is not within {@code timeout}. */
    void waitUntilReady(TestHost host, Duration timeout);

    /** sshd answers on port 22 with its SSH banner. */
    static WaitStrategy sshPortOpen() {
        return new SshPortOpen();
    }

    /** systemd finished booting (no jobs left; {@code running} or {@code degraded}). */
    static WaitStrategy systemdBooted() {
        return new SystemdBooted();
    }

    /** This strategy, then {@code next}, both within the one timeout. */
    default WaitStrategy and(WaitStrategy next) {
        WaitStrategy first = this;
        return (host, timeout) -> {
            long deadline = System.nanoTime() + timeout.toNanos();
            first.waitUntilReady(host, timeout);
            next.waitUntilReady(host, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        };
    }
}
