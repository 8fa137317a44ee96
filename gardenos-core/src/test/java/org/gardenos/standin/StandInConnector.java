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
 * STAND-IN connector handing out {@link InMemoryHostStandIn}s (one per host, created on first use), the one connector
 * stand-in of every module's tests (gardenos-core's test-jar). Hosts marked {@link #refuse} fail to connect the way
 * the SSH connector does (a {@link RemoteException}). Counts connects and records whether it was closed.
 */
public final class StandInConnector implements RemoteHostConnector, AutoCloseable {
    private final boolean succeedUnscripted;
    private final Map<String, InMemoryHostStandIn> hosts = new ConcurrentHashMap<>();
    private final Map<String, String> refused = new ConcurrentHashMap<>();
    private final List<String> connects = new CopyOnWriteArrayList<>();
    private volatile int closeCount;

    /** Hosts answer unscripted commands with exit 127 (what a logic test of resources wants). */
    public StandInConnector() {
        this(false);
    }

    private StandInConnector(boolean succeedUnscripted) {
        this.succeedUnscripted = succeedUnscripted;
    }

    /** Hosts answer unscripted commands with exit 0 (what a test of wiring and output wants, e.g. the CLI's). */
    public static StandInConnector succeedingHosts() {
        return new StandInConnector(true);
    }

    public InMemoryHostStandIn host(HostSpec spec) {
        return hosts.computeIfAbsent(spec.name(), n -> create(spec.name(), spec.address()));
    }

    /** The host named {@code name}, created now when it was not connected yet (to script it before a run). */
    public InMemoryHostStandIn prepare(String name) {
        return hosts.computeIfAbsent(name, n -> create(name, "203.0.113.250"));
    }

    private InMemoryHostStandIn create(String name, String address) {
        InMemoryHostStandIn host = new InMemoryHostStandIn(name, address);
        return succeedUnscripted ? host.succeedUnscripted() : host;
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

    public boolean closed() {
        return closeCount > 0;
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
