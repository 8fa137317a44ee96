package org.gardenos.standin;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gardenos.inventory.HostSpec;
import org.gardenos.remote.RemoteException;
import org.gardenos.remote.RemoteHost;
import org.gardenos.remote.RemoteHostConnector;

/**
 * STAND-IN connector handing out {@link InMemoryHostStandIn}s (one per host, created on first use). Hosts marked
 * {@link #refuse} fail to connect the way the SSH connector does (a {@link RemoteException}). Counts connects and
 * records whether it was closed.
 */
public final class StandInConnector implements RemoteHostConnector, AutoCloseable {
    private final Map<String, InMemoryHostStandIn> hosts = new ConcurrentHashMap<>();
    private final Map<String, String> refused = new ConcurrentHashMap<>();
    private final List<String> connects = new CopyOnWriteArrayList<>();
    private volatile int closeCount;

    public InMemoryHostStandIn host(HostSpec spec) {
        return hosts.computeIfAbsent(spec.name(), n -> new InMemoryHostStandIn(spec.name(), spec.address()));
    }

    public InMemoryHostStandIn host(String name) {
        InMemoryHostStandIn host = hosts.get(name);
        if (host == null) {
            throw new AssertionError("no stand-in host " + name + " yet");
        }
        return host;
    }

    /** Connecting to {@code host} fails with {@code reason}. */
    public StandInConnector refuse(String host, String reason) {
        refused.put(host, reason);
        return this;
    }

    /** Names of the hosts connected to, one entry per connect call. */
    public List<String> connects() {
        return List.copyOf(connects);
    }

    public int closeCount() {
        return closeCount;
    }

    @Override
    public RemoteHost connect(HostSpec spec) {
        connects.add(spec.name());
        String reason = refused.get(spec.name());
        if (reason != null) {
            throw new RemoteException(spec.name(), reason);
        }
        return host(spec);
    }

    @Override
    public void close() {
        closeCount++;
    }
}
