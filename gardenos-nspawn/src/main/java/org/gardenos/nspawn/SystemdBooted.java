package org.gardenos.nspawn;

import java.time.Duration;
import org.gardenos.remote.CommandResult;

/**
 * Ready when the host's systemd has no start-up jobs left: {@code systemctl is-system-running} says
 * {@code running}, or {@code degraded} (booted, with some unit failed; the failed units are named in the log).
 */
public final class SystemdBooted implements WaitStrategy {
    @Override
    public void waitUntilReady(TestHost host, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String state = "unknown";
        do {
            if (!host.isRunning()) {
                throw new NspawnException(host + " stopped while waiting for systemd" + host.diagnostics());
            }
            CommandResult r = host.exec("systemctl is-system-running");
            state = r.stdout().strip();
            if (state.equals("running") || state.equals("degraded")) {
                return;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NspawnException("interrupted while waiting for systemd", e);
            }
        } while (System.nanoTime() < deadline);
        throw new NspawnException(host + ": systemd did not finish booting within " + timeout.toSeconds()
                + " s (state: " + state + ")" + host.diagnostics());
    }

    @Override
    public String toString() {
        return "SystemdBooted";
    }
}
