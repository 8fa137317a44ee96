package org.gardenos.engine;

import java.util.concurrent.atomic.AtomicInteger;
import org.gardenos.inventory.HostSpec;
import org.gardenos.remote.RemoteHost;

/**
 * One host's state during a run: its connection, why it stopped (if it did) and its recap counters. A host is
 * worked on by one thread at a time, but by different pool threads over the run, hence volatile and atomics.
 */
final class HostLedger {
    private final HostSpec spec;
    private final int index;
    private volatile RemoteHost remote;
    private volatile String stopReason;
    private final AtomicInteger ok = new AtomicInteger();
    private final AtomicInteger changed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();

    HostLedger(HostSpec spec, int index) {
        this.spec = spec;
        this.index = index;
    }

    HostSpec spec() {
        return spec;
    }

    String name() {
        return spec.name();
    }

    /** Position of the host in the run's host order (inventory order), used to sort reports. */
    int index() {
        return index;
    }

    RemoteHost remote() {
        return remote;
    }

    void connected(RemoteHost remote) {
        this.remote = remote;
    }

    /** Null while the host may still work; otherwise why its remaining steps are skipped. */
    String stopReason() {
        return stopReason;
    }

    void stop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }

    void countOk() {
        ok.incrementAndGet();
    }

    void countChanged() {
        changed.incrementAndGet();
    }

    void countFailed() {
        failed.incrementAndGet();
    }

    void countSkipped() {
        skipped.incrementAndGet();
    }

    int failedCount() {
        return failed.get();
    }

    HostRecap recap() {
        return new HostRecap(spec.name(), ok.get(), changed.get(), failed.get(), skipped.get());
    }
}
