package org.gardenos.nspawn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every set of test hosts on this machine is a run, recorded in {@code /run/gardenos-testkit/RUN/} (mode 0700):
 * {@code owner.pid} (pid and start time of the JVM that owns it), {@code addresses} (the addresses it holds), its
 * SSH key, known_hosts and inventory files. Host disks live in {@code /var/tmp/gardenos-testkit/RUN/}. Runs are
 * created and removed under one machine-wide lock, which also guards the shared bridge and address allocation.
 * Whatever a run whose owner died left behind (containers, mounts, namespaces, veths, directories) is removed by
 * {@link #cleanupLeftovers()}, which every new run calls first.
 */
final class RunRegistry {
    static final Path RUNS_ROOT = Path.of("/run/gardenos-testkit");
    static final Path HOSTS_ROOT = Path.of("/var/tmp/gardenos-testkit");
    private static final Path LOCK = RUNS_ROOT.resolve(".lock");
    private static final Pattern RUN_ID = Pattern.compile("[0-9a-f]{6}");
    private static final Pattern NETNS = Pattern.compile("gos-([0-9a-f]{6})-\\d+");
    private static final Pattern VETH = Pattern.compile("gos([0-9a-f]{6})\\d+");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger LOG = LoggerFactory.getLogger(RunRegistry.class);

    private RunRegistry() {
    }

    /** One registered run: its id, its record directory, the directory of its host disks, its addresses. */
    record Run(String id, Path dir, Path hostsDir, List<String> addresses) {
        Run {
            addresses = List.copyOf(addresses);
        }
    }

    /** Registers a run of {@code hostCount} hosts: leftovers removed, addresses allocated, bridge up. */
    static Run register(int hostCount) {
        return MachineLock.with(LOCK, () -> {
            cleanupLeftoversLocked();
            String id = newRunId();
            Path dir = RUNS_ROOT.resolve(id);
            HostFiles.directory(dir, "rwx------", 0, 0);
            HostFiles.write(dir.resolve("owner.pid"), bytes(ownerLine(ProcessHandle.current())), "rw-r--r--");
            List<String> addresses = HostNetwork.allocate(addressesInUse(), hostCount);
            HostFiles.write(dir.resolve("addresses"), bytes(String.join("\n", addresses) + "\n"), "rw-r--r--");
            Path hostsDir = HOSTS_ROOT.resolve(id);
            HostFiles.directory(hostsDir, "rwx------", 0, 0);
            HostNetwork.ensureBridge();
            return new Run(id, dir, hostsDir, addresses);
        });
    }

    /** Forgets a run whose hosts are already stopped and removed; the bridge goes with the last run. */
    static void release(Run run) {
        MachineLock.run(LOCK, () -> {
            HostFiles.deleteTree(run.hostsDir());
            HostFiles.deleteTree(run.dir());
            if (runIds().isEmpty()) {
                HostNetwork.removeBridge();
            }
        });
    }

    /** Removes what runs of dead owners (and unowned {@code gos} namespaces and links) left behind. */
    static List<String> cleanupLeftovers() {
        return MachineLock.with(LOCK, () -> {
            List<String> removed = cleanupLeftoversLocked();
            if (runIds().isEmpty() && HostNetwork.linkExists(HostNetwork.BRIDGE)) {
                HostNetwork.removeBridge(); // no run left to use it
                removed = new ArrayList<>(removed);
                removed.add("bridge " + HostNetwork.BRIDGE);
            }
            return List.copyOf(removed);
        });
    }

    private static List<String> cleanupLeftoversLocked() {
        List<String> removed = new ArrayList<>();
        Set<String> live = new LinkedHashSet<>();
        for (String id : runIds()) {
            if (ownerAlive(RUNS_ROOT.resolve(id).resolve("owner.pid"))) {
                live.add(id);
            } else {
                LOG.info("removing leftovers of test host run {} (its owner is gone)", id);
                removeRun(id);
                removed.add("run " + id);
            }
        }
        // things of runs that have no record at all (the record directory is created before anything else)
        for (String ns : HostNetwork.netnsList()) {
            Matcher m = NETNS.matcher(ns);
            if (m.matches() && !live.contains(m.group(1))) {
                HostNetwork.deleteNetns(ns);
                removed.add("netns " + ns);
            }
        }
        for (String link : HostNetwork.links()) {
            Matcher m = VETH.matcher(link);
            if (m.matches() && !live.contains(m.group(1))) {
                HostNetwork.deleteLink(link);
                removed.add("link " + link);
            }
        }
        for (String machine : Container.nspawnStateDirs("")) {
            Matcher m = NETNS.matcher(machine);
            if (m.matches() && !live.contains(m.group(1))) {
                Container.removeNspawnState(machine);
                removed.add("nspawn state " + machine);
            }
        }
        for (String id : listIds(HOSTS_ROOT)) {
            if (!live.contains(id)) {
                removeRun(id);
                removed.add("host disks " + id);
            }
        }
        return removed;
    }

    /** Kills the run's containers, unmounts its disks, removes its namespaces, links and directories. */
    private static void removeRun(String id) {
        Container.killRun(id);
        for (Path mount : Mounts.under(HOSTS_ROOT.resolve(id))) {
            Mounts.unmount(mount);
        }
        for (String ns : HostNetwork.netnsList()) {
            Matcher m = NETNS.matcher(ns);
            if (m.matches() && m.group(1).equals(id)) {
                HostNetwork.deleteNetns(ns);
            }
        }
        for (String link : HostNetwork.links()) {
            Matcher m = VETH.matcher(link);
            if (m.matches() && m.group(1).equals(id)) {
                HostNetwork.deleteLink(link);
            }
        }
        HostFiles.deleteTree(HOSTS_ROOT.resolve(id));
        HostFiles.deleteTree(RUNS_ROOT.resolve(id));
    }

    /** {@code PID START_MILLIS}: the start time tells a live owner from a new process that reused its pid. */
    static String ownerLine(ProcessHandle process) {
        long started = process.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(-1L);
        return process.pid() + " " + started + "\n";
    }

    static boolean ownerAlive(Path ownerFile) {
        String line;
        try {
            line = Files.readString(ownerFile).strip();
        } catch (IOException e) {
            return false; // no owner recorded: nobody will ever clean this run but us
        }
        String[] f = line.split("\\s+");
        try {
            long pid = Long.parseLong(f[0]);
            long started = f.length > 1 ? Long.parseLong(f[1]) : -1;
            Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            if (process.isEmpty()) {
                return false;
            }
            if (started < 0) {
                return true;
            }
            return process.get().info().startInstant().map(i -> i.toEpochMilli() == started).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Set<String> addressesInUse() {
        Set<String> used = new LinkedHashSet<>();
        for (String id : runIds()) {
            try {
                Path f = RUNS_ROOT.resolve(id).resolve("addresses");
                if (Files.exists(f)) {
                    for (String a : Files.readAllLines(f)) {
                        if (!a.isBlank()) {
                            used.add(a.strip());
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the addresses of run " + id + ": " + e.getMessage(), e);
            }
        }
        return used;
    }

    private static String newRunId() {
        Set<String> taken = new LinkedHashSet<>(runIds());
        taken.addAll(listIds(HOSTS_ROOT));
        while (true) {
            byte[] b = new byte[3];
            RANDOM.nextBytes(b);
            String id = HexFormat.of().formatHex(b);
            if (!taken.contains(id)) {
                return id;
            }
        }
    }

    static List<String> runIds() {
        return listIds(RUNS_ROOT);
    }

    private static List<String> listIds(Path root) {
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return ids;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                if (Files.isDirectory(d) && RUN_ID.matcher(name).matches()) {
                    ids.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
        return ids;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
