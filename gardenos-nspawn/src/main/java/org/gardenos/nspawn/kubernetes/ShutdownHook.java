package org.gardenos.nspawn.kubernetes;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;

/** Closes the clusters still open when the JVM exits normally (a killed JVM leaves them to the next start). */
final class ShutdownHook {
    private static final Set<LocalKubernetes> OPEN = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    private ShutdownHook() {
    }

    static void register(LocalKubernetes cluster) {
        OPEN.add(cluster);
        if (INSTALLED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (LocalKubernetes c : Set.copyOf(OPEN)) {
                    try {
                        c.close();
                    } catch (RuntimeException e) {
                        LoggerFactory.getLogger(ShutdownHook.class).warn("closing the test cluster at JVM exit: {}",
                                e.getMessage());
                    }
                }
            }, "gardenos-kubernetes-cleanup"));
        }
    }

    static void unregister(LocalKubernetes cluster) {
        OPEN.remove(cluster);
    }
}
