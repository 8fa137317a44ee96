package org.gardenos.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time the bench's hosts spend: every process of the nspawn containers (sshd, its sessions, the scripts they
 * run, etcd, HAProxy) is moved into one cgroup of its own, whose usage is read before and after each timed run.
 * The containers run on the same CPUs as the CLI, so what they spend for a command bounds its wall time on this
 * machine: (CLI CPU + hosts' CPU) / CPUs. The testkit starts nspawn with {@code --register=no --keep-unit}, so the
 * containers have no machine scope to read; cgroup v1's {@code cpuacct} is used where mounted, else cgroup v2's
 * {@code cpu.stat}. Needs root; without a usable cgroup the hosts' CPU is not measured (reads answer -1).
 */
final class HostCpu implements AutoCloseable {
    private static final Path V1 = Path.of("/sys/fs/cgroup/cpuacct");
    private static final Path V2 = Path.of("/sys/fs/cgroup");

    private final Path group;
    private final boolean v1;

    private HostCpu(Path group, boolean v1) {
        this.group = group;
        this.v1 = v1;
    }

    /** Moves every process below this JVM (the containers, started by the testkit) into a new cgroup. */
    static HostCpu attach() {
        boolean v1 = Files.isRegularFile(V1.resolve("cpuacct.usage"));
        Path root = v1 ? V1 : V2;
        Path group = root.resolve("gardenos-bench-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(group);
            // twice: a process forked while its parent was being moved stays behind after the first pass
            for (int pass = 0; pass < 2; pass++) {
                for (ProcessHandle p : ProcessHandle.current().descendants().toList()) {
                    try {
                        Files.writeString(group.resolve("cgroup.procs"), Long.toString(p.pid()));
                    } catch (IOException e) {
                        // exited meanwhile
                    }
                }
            }
            return new HostCpu(group, v1);
        } catch (IOException | RuntimeException e) {
            System.out.println("hosts' CPU is not measured: " + e);
            return new HostCpu(null, v1);
        }
    }

    /** CPU time (user + system, ns) the processes of the cgroup spent so far, or -1. */
    long nanos() {
        if (group == null) {
            return -1;
        }
        try {
            if (v1) {
                return Long.parseLong(Files.readString(group.resolve("cpuacct.usage")).strip());
            }
            for (String line : Files.readAllLines(group.resolve("cpu.stat"))) {
                if (line.startsWith("usage_usec ")) {
                    return Long.parseLong(line.substring("usage_usec ".length()).strip()) * 1000;
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Busy CPU time (ns) of the whole machine so far (every process: CLI, hosts and whatever else runs), or -1. */
    static long machineNanos() {
        try {
            List<String> f = List.of(Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+"));
            long busy = 0;
            for (int i = 1; i < f.size(); i++) {
                if (i != 4 && i != 5 && i <= 8) { // not idle, not iowait; guest time is inside user already
                    busy += Long.parseLong(f.get(i));
                }
            }
            return busy * 10_000_000L; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Moves what is left back to the parent cgroup and removes the group (the containers are stopped by then). */
    @Override
    public void close() {
        if (group == null) {
            return;
        }
        try {
            for (String pid : Files.readAllLines(group.resolve("cgroup.procs"))) {
                try {
                    Files.writeString(group.getParent().resolve("cgroup.procs"), pid);
                } catch (IOException e) {
                    // exited meanwhile
                }
            }
            Files.deleteIfExists(group);
        } catch (IOException e) {
            System.out.println("left cgroup " + group + ": " + e);
        }
    }
}
