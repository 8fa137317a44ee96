package org.gardenos.nspawn;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link DebianHosts} sets of this JVM still open, closed by one JVM shutdown hook when the JVM exits normally
 * (a killed JVM leaves them to {@link DebianHosts#cleanupLeftovers}).
 */
final class OpenHostSets {
    private static final Set<DebianHosts> OPEN = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOK_INSTALLED = new AtomicBoolean();
    private static final Logger LOG = LoggerFactory.getLogger(OpenHostSets.class);

    private OpenHostSets() {
    }

    static void add(DebianHosts hosts) {
        if (HOOK_INSTALLED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (DebianHosts open : List.copyOf(OPEN)) {
                    try {
                        open.close();
                    } catch (RuntimeException e) {
                        LOG.warn("cleanup of test hosts {} at JVM exit failed: {}", open.runId(), e.getMessage());
                    }
                }
            }, "gardenos-testkit-cleanup"));
        }
        OPEN.add(hosts);
    }

    static void remove(DebianHosts hosts) {
        OPEN.remove(hosts);
    }
}
