package org.gardenos.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a run leaves on this machine, read from the machine itself: processes (while the run is up: those under its
 * root process, so other runs' processes do not count), mounts, bridges, network namespaces, cgroups, iptables chains (filter, nat, mangle) and routes of the local
 * Kubernetes' address plan. {@link #leftovers} compares three snapshots taken around a run while other test runs
 * may come and go on the same machine: only what appeared during the run and is still there counts, and what
 * belongs to another live nspawn run (its {@code gos-RUN-} names and the overlay mounts of its disks under {@code gardenos-testkit/RUN/}, while
 * {@code /run/gardenos-testkit/RUN} exists) or to
 * another live process's image build (a debootstrap's mounts below {@code .tmp-NAME-PID}) is not the run's.
 */
record MachineTraces(Set<String> items, Map<String, Object> cgroupIds) {
    /** A run's names: {@code gos-RUN-...} (namespaces, links, machines) and {@code .../gardenos-testkit/RUN/...} (disks). */
    private static final Pattern RUN_NAME = Pattern.compile("gos-(\\w+)-|/gardenos-testkit/(\\w+)/");
    private static final Pattern IMAGE_BUILD = Pattern.compile("/\\.tmp-[\\w.-]+-(\\d{1,9})(/|$)");
    private static final Path RUNS = Path.of("/run/gardenos-testkit");
    private static final Path CGROUPS = Path.of("/sys/fs/cgroup");

    /** Everything on the machine (every process). */
    static MachineTraces snapshot() {
        return snapshot(ProcessHandle.allProcesses());
    }

    /** While a run is up: its processes are {@code root} and all its descendants. */
    static MachineTraces snapshotOf(ProcessHandle root) {
        return snapshot(Stream.concat(Stream.of(root), root.descendants()));
    }

    private static MachineTraces snapshot(Stream<ProcessHandle> processes) {
        Set<String> items = new TreeSet<>();
        processes.forEach(p -> p.info().commandLine().ifPresent(c -> items.add("process " + p.pid() + " " + c)));
        for (String line : lines(Path.of("/proc/self/mountinfo"))) {
            items.add("mount " + line.split(" ")[4]);
        }
        for (String line : run("ip", "-o", "link", "show", "type", "bridge").split("\n")) {
            if (line.contains(": ")) {
                items.add("bridge " + line.split(": ")[1].split("[@:]")[0]);
            }
        }
        for (String line : run("ip", "netns", "list").split("\n")) {
            if (!line.isBlank()) {
                items.add("netns " + line.split(" ")[0]);
            }
        }
        for (String table : List.of("filter", "nat", "mangle")) {
            for (String line : run("iptables-save", "-t", table).split("\n")) {
                if (line.startsWith(":")) {
                    items.add("iptables " + table + " chain " + line.substring(1).split(" ")[0]);
                }
            }
        }
        for (String line : run("ip", "route").split("\n")) {
            if (line.startsWith("10.214.") || line.startsWith("10.215.")) {
                items.add("route " + line.strip());
            }
        }
        Map<String, Object> ids = new HashMap<>();
        cgroups(items, ids);
        return new MachineTraces(items, ids);
    }

    /** What appeared between {@code before} and {@code during} and is still in {@code after}, not another run's. */
    static List<String> leftovers(MachineTraces before, MachineTraces during, MachineTraces after) {
        Set<String> live = liveRuns();
        return during.items.stream().filter(i -> !before.items.contains(i)).filter(after.items::contains)
                .filter(i -> !ofLiveRun(i, live))
                .filter(i -> !ofLiveImageBuild(i))
                // the test hosts' bridge is shared by every run: it goes with the last one
                .filter(i -> !(i.startsWith("bridge ") && !live.isEmpty()))
                // removed and made again meanwhile: another run's cluster may take the machine's lock as soon as this
                // run's releases it and make the same cgroup paths; a directory with another identity is not this run's
                .filter(i -> !i.startsWith("cgroup ") || Objects.equals(during.cgroupIds.get(i), after.cgroupIds.get(i)))
                .toList();
    }

    /**
     * A debootstrap in progress in another process (a base or Patroni image build: {@code .tmp-NAME-PID} in the
     * image cache, with its {@code proc} mounted) is that process's, while it lives; once it is gone it counts.
     */
    private static boolean ofLiveImageBuild(String item) {
        Matcher m = IMAGE_BUILD.matcher(item);
        return item.startsWith("mount ") && m.find() && ProcessHandle.of(Long.parseLong(m.group(1)))
                .filter(ProcessHandle::isAlive).isPresent();
    }

    private static boolean ofLiveRun(String item, Set<String> live) {
        Matcher m = RUN_NAME.matcher(item);
        while (m.find()) {
            if (live.contains(m.group(1) != null ? m.group(1) : m.group(2))) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> liveRuns() {
        Set<String> runs = new TreeSet<>();
        if (Files.isDirectory(RUNS)) {
            try (Stream<Path> list = Files.list(RUNS)) {
                list.filter(Files::isDirectory).forEach(p -> runs.add(p.getFileName().toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return runs;
    }

    /**
     * Cgroup directories down to four levels in every controller, where kubelet's and nspawn's would be, with their
     * identities. Other runs add and remove cgroups meanwhile, so a walk that meets a vanished directory is tried
     * again.
     */
    private static void cgroups(Set<String> items, Map<String, Object> ids) {
        for (int attempt = 1; ; attempt++) {
            Set<String> found = new TreeSet<>();
            try (Stream<Path> controllers = Files.list(CGROUPS)) {
                for (Path c : controllers.filter(p -> Files.isDirectory(p) && !Files.isSymbolicLink(p)).toList()) {
                    try (Stream<Path> walk = Files.walk(c, 4)) {
                        walk.filter(Files::isDirectory).map(Path::toString)
                                .filter(p -> p.contains("gardenos") || p.contains("kubepods") || p.contains("gos-"))
                                .forEach(p -> found.add("cgroup " + p));
                    }
                }
                items.addAll(found);
                for (String item : found) {
                    // the directory's identity (device and inode), to tell a directory that stayed from a new one
                    try {
                        Object key = Files.readAttributes(Path.of(item.substring("cgroup ".length())),
                                java.nio.file.attribute.BasicFileAttributes.class).fileKey();
                        ids.put(item, key);
                    } catch (IOException e) {
                        ids.put(item, "gone");
                    }
                }
                return;
            } catch (IOException | UncheckedIOException e) {
                if (attempt == 5) {
                    throw new IllegalStateException("cannot list the cgroups under " + CGROUPS, e);
                }
            }
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
