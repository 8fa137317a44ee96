package org.gardenos.engine;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.gardenos.error.GardenException;
import org.gardenos.inventory.HostSpec;
import org.gardenos.remote.CommandResult;
import org.gardenos.remote.Probe;
import org.gardenos.remote.RemoteHost;
import org.gardenos.remote.RemoteHostConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lock directory on every host of an apply ({@value #DIR}, on the host's tmpfs, so a host reboot clears it),
 * taken by {@link ConvergeRun} when an apply first connects to the host (before its first check) and held until the
 * run ends: two admins (or two state dirs) applying to the same hosts
 * would interleave their changes. {@code mkdir} is the atomic test-and-set; the holder file inside records the run
 * id, the admin machine, its PID and that process's start time. A lock whose holder is a process of this admin
 * machine that no longer runs (a crashed or killed run) is stale: it is taken over with a warning that says so. A
 * lock held from another admin machine is never broken: the run is refused naming it.
 *
 * <p>Day-2 operations that change hosts outside an apply (a snapshot restore, a member replacement, a token
 * rotation) hold the same locks through {@link #holding}, so they never interleave with an apply or with each other.
 */
public final class HostLocks implements AutoCloseable {
    static final String DIR = "/run/gardenos/apply.lock";
    private static final Logger LOG = LoggerFactory.getLogger(HostLocks.class);

    private final String runId;
    private final Map<String, RemoteHost> held = new java.util.concurrent.ConcurrentHashMap<>();

    private HostLocks(String runId) {
        this.runId = runId;
    }

    /** A new run's locks; {@link #lock} takes each host's as the run first connects to it. */
    static HostLocks forNewRun() {
        return new HostLocks(UUID.randomUUID().toString());
    }

    /**
     * Takes the lock of every host in {@code hosts}, in order, for an operation that changes them; on a refusal the
     * locks taken so far are released and the {@link GardenException} naming the host and the holder is thrown.
     * A stale lock taken over is logged as a warning. Close the result to release them.
     */
    public static HostLocks holding(List<HostSpec> hosts, RemoteHostConnector connector) {
        HostLocks locks = forNewRun();
        try {
            for (HostSpec h : hosts) {
                RemoteHost remote = connector.connect(h);
                locks.lock(h, remote, remote.exec(locks.takeCommand())).ifPresent(w -> LOG.warn("{}: {}", h.name(), w));
            }
            return locks;
        } catch (RuntimeException e) {
            locks.close();
            throw e;
        }
    }

    /** Whether this run holds the host's lock already (taken by an earlier play of the run). */
    boolean holds(String host) {
        return held.containsKey(host);
    }

    /**
     * The command that takes the lock, asked as the first probe of the host's first check batch
     * ({@link BatchedProbes#beforeCheck(int, Probe)}), so taking the lock costs no round trip of its own. Its answer
     * goes to {@link #lock(HostSpec, RemoteHost, CommandResult)} before any check's answer is used.
     */
    Probe takeProbe() {
        return Probe.command(takeCommand());
    }

    /**
     * Completes taking the host's lock from the answer of {@link #takeProbe()}; a stale lock costs two more commands.
     *
     * @return a warning for the run's report when a stale lock was taken over
     * @throws GardenException naming the host and the holder when another run holds the lock
     */
    Optional<String> lock(HostSpec h, RemoteHost remote, CommandResult taken) {
        CommandResult r = taken.requireOk();
        // "held" by this very run: the batch that took it failed as a whole and the take ran again on its own
        if (r.stdout().startsWith("acquired") || r.stdout().contains("run=" + runId + " ")) {
            held.put(h.name(), remote);
            return Optional.empty();
        }
        String other = r.stdout().substring(Math.min(r.stdout().length(), 5)).strip().replaceAll("\\p{Cntrl}", "?");
        Optional<String> stale = staleReason(other);
        if (stale.isEmpty()) {
            throw new GardenException(h.name() + ": another GardenOS apply holds " + DIR + " (" + (other.isEmpty()
                    ? "holder unknown" : other) + "); hint: wait until it has finished; if that run is gone for good,"
                    + " remove the directory on " + h.name() + " (rm -r " + DIR + ")");
        }
        remote.exec("rm -rf " + DIR).requireOk();
        CommandResult again = remote.exec(takeCommand()).requireOk();
        if (!again.stdout().startsWith("acquired")) {
            throw new GardenException(h.name() + ": another GardenOS apply took " + DIR + " just now; hint: wait"
                    + " until it has finished");
        }
        held.put(h.name(), remote);
        return Optional.of("took over the stale apply lock " + DIR + " (" + other + "): " + stale.get());
    }

    private String takeCommand() {
        return "umask 077; mkdir -p /run/gardenos && if mkdir " + DIR + " 2>/dev/null; then printf '%s\\n' "
                + org.gardenos.remote.ShellQuoting.quote(holderLine()) + " > " + DIR + "/holder && echo acquired; "
                + "else echo held; head -c 512 " + DIR + "/holder 2>/dev/null; fi";
    }

    private String holderLine() {
        ProcessHandle self = ProcessHandle.current();
        return "run=" + runId + " admin=" + localHost() + " pid=" + self.pid() + " started="
                + self.info().startInstant().map(Object::toString).orElse("?");
    }

    /** Why the lock described by {@code holder} is stale, or empty when it may still be held. */
    static Optional<String> staleReason(String holder) {
        Map<String, String> f = new LinkedHashMap<>();
        for (String word : holder.split("\\s+")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                f.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        if (!localHost().equals(f.get("admin")) || f.get("pid") == null || !f.get("pid").matches("\\d{1,10}")) {
            return Optional.empty(); // another machine's run: its liveness cannot be seen from here
        }
        Optional<ProcessHandle> p = ProcessHandle.of(Long.parseLong(f.get("pid")));
        if (p.isEmpty() || !p.get().isAlive()) {
            return Optional.of("its process " + f.get("pid") + " on this machine no longer runs (a crashed or killed"
                    + " run)");
        }
        String started = p.get().info().startInstant().map(Object::toString).orElse("?");
        if (!started.equals(f.get("started"))) {
            return Optional.of("PID " + f.get("pid") + " now belongs to a process started " + started
                    + ", not to the run that took the lock");
        }
        return Optional.empty();
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "_");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** Releases this run's locks (only where the holder file still names this run). */
    @Override
    public void close() {
        List<String> failed = new ArrayList<>();
        held.forEach((name, remote) -> {
            try {
                remote.exec("grep -qs -e " + org.gardenos.remote.ShellQuoting.quote("run=" + runId) + " " + DIR
                        + "/holder && rm -rf " + DIR + "; true");
            } catch (RuntimeException e) {
                failed.add(name);
            }
        });
        held.clear();
        if (!failed.isEmpty()) {
            LOG.warn("could not release the apply lock on {}; the next run from this machine takes it over", failed);
        }
    }
}
