package org.gardenos.nspawn.kubernetes;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One test cluster per machine: a lock held for the cluster's whole life ({@code /run/gardenos-kubernetes/cluster.lock};
 * the kernel drops it when the JVM dies) and a record of everything the cluster made on this machine outside its
 * nspawn hosts: control-plane processes, routes to the pod subnets, kernel settings kubelet changes, cgroups, its
 * work directory. The next cluster to start removes what a killed run recorded ({@link #cleanupLeftovers}); the
 * nodes themselves are nspawn hosts, removed by their own run registry.
 */
public final class ClusterRecord implements AutoCloseable {
    public static final Path ROOT = Path.of("/run/gardenos-kubernetes");
    public static final Path WORK_ROOT = Path.of("/var/tmp/gardenos-kubernetes");
    /** Parent of every node's kubelet cgroup root, in every cgroup v1 controller (and the unified tree). */
    public static final String CGROUP_PARENT = "gardenos-kubernetes";
    private static final Path CGROUPS = Path.of("/sys/fs/cgroup");
    private static final Path RECORD = ROOT.resolve("record");
    private static final Logger LOG = LoggerFactory.getLogger(ClusterRecord.class);

    private final FileChannel channel;
    private final FileLock lock;

    private ClusterRecord(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the machine-wide lock (waiting for another JVM's cluster to close), then removes leftovers. */
    static ClusterRecord acquire() {
        try {
            Files.createDirectories(ROOT);
            FileChannel ch = FileChannel.open(ROOT.resolve("cluster.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                ch.close();
                throw new KubernetesException("this JVM already runs a test cluster; share it (WithKubernetes) or"
                        + " close it first");
            }
            if (l == null) {
                LOG.info("another process runs a test Kubernetes cluster on this machine; waiting for its lock");
                l = ch.lock();
            }
            ClusterRecord r = new ClusterRecord(ch, l);
            List<String> removed = cleanupLeftovers();
            if (!removed.isEmpty()) {
                LOG.info("removed leftovers of a killed test cluster: {}", removed);
            }
            Files.createDirectories(RECORD);
            Files.writeString(RECORD.resolve("owner"), ProcessHandle.current().pid() + "\n");
            return r;
        } catch (IOException e) {
            throw new KubernetesException("cannot lock " + ROOT + ": " + e.getMessage(), e);
        }
    }

    /** A fresh work directory (0700) for PKI, kubeconfigs and logs. */
    Path newWorkDir() {
        try {
            Files.createDirectories(WORK_ROOT);
            Path dir = WORK_ROOT.resolve("cluster-" + ProcessHandle.current().pid() + "-" + Instant.now().toEpochMilli());
            Files.createDirectory(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            Daemon.appendLine(RECORD.resolve("dirs"), dir.toString());
            return dir;
        } catch (IOException e) {
            throw new KubernetesException("cannot create a work directory under " + WORK_ROOT + ": " + e.getMessage(), e);
        }
    }

    void addProcess(ProcessHandle p) {
        long started = p.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
        Daemon.appendLine(RECORD.resolve("processes"), p.pid() + " " + started);
    }

    /** A directory some other fixture made (the etcd data dir) whose processes die with the cluster. */
    void addForeignDir(Path dir) {
        Daemon.appendLine(RECORD.resolve("dirs"), dir.toString());
    }

    void addRoute(String cidr, String via) {
        Daemon.appendLine(RECORD.resolve("routes"), cidr + " " + via);
    }

    void addSysctl(String name, String original) {
        Daemon.appendLine(RECORD.resolve("sysctls"), name + " " + original);
    }

    /**
     * Removes what the record lists: kills recorded processes still alive (same pid and start time) and processes
     * whose arguments name a recorded directory, deletes routes, restores kernel settings, removes the cgroups under
     * {@value #CGROUP_PARENT} and the directories. Returns what it removed.
     */
    static List<String> cleanupLeftovers() {
        List<String> removed = new ArrayList<>();
        for (String line : lines("processes")) {
            String[] f = line.split(" ");
            Optional<ProcessHandle> p = ProcessHandle.of(Long.parseLong(f[0])).filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().startInstant().map(i -> Long.toString(i.toEpochMilli()).equals(f[1]))
                            .orElse(false));
            p.ifPresent(h -> {
                kill(h);
                removed.add("process " + h.pid());
            });
        }
        List<String> dirs = lines("dirs");
        ProcessHandle.allProcesses().filter(h -> h.info().arguments()
                .map(args -> Stream.of(args).anyMatch(a -> dirs.stream().anyMatch(a::contains))).orElse(false))
                .forEach(h -> {
                    kill(h);
                    removed.add("process " + h.pid());
                });
        for (String line : lines("routes")) {
            String[] f = line.split(" ");
            if (MachineCommands.run("ip", "route", "del", f[0], "via", f[1]).ok()) {
                removed.add("route " + f[0]);
            }
        }
        for (String line : lines("sysctls")) {
            String[] f = line.split(" ", 2);
            MachineCommands.writeSysctl(f[0], f[1]);
            removed.add("sysctl " + f[0] + " restored to " + f[1]);
        }
        removed.addAll(removeCgroups());
        for (String d : dirs) {
            deleteTree(Path.of(d));
        }
        deleteTree(RECORD);
        return removed;
    }

    /** The cgroups the nodes' kubelets made (empty once their processes are gone), deepest first. */
    static List<String> removeCgroups() {
        List<String> removed = new ArrayList<>();
        try (DirectoryStream<Path> controllers = Files.newDirectoryStream(CGROUPS)) {
            for (Path c : controllers) {
                Path parent = c.resolve(CGROUP_PARENT);
                if (!Files.isDirectory(parent)) {
                    continue;
                }
                try (Stream<Path> walk = Files.walk(parent)) {
                    for (Path d : walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
                        if (!MachineCommands.run("rmdir", d.toString()).ok()) {
                            LOG.warn("cannot remove cgroup {} (a process still in it?)", d);
                        }
                    }
                }
                removed.add("cgroups " + parent);
            }
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", CGROUPS, e.getMessage());
        }
        return removed;
    }

    /** Cleans up now and releases the lock. */
    @Override
    public void close() {
        try {
            cleanupLeftovers();
        } finally {
            try {
                lock.release();
                channel.close();
            } catch (IOException e) {
                LOG.warn("cannot release {}: {}", ROOT.resolve("cluster.lock"), e.getMessage());
            }
        }
    }

    private static void kill(ProcessHandle h) {
        h.destroy();
        try {
            h.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            h.destroyForcibly();
        }
    }

    private static List<String> lines(String file) {
        try {
            Path p = RECORD.resolve(file);
            return Files.exists(p) ? Files.readAllLines(p, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank()).toList() : List.of();
        } catch (IOException e) {
            throw new KubernetesException("cannot read " + RECORD.resolve(file) + ": " + e.getMessage(), e);
        }
    }

    static void deleteTree(Path root) {
        if (Files.exists(root)) {
            MachineCommands.run("rm", "-rf", "--one-file-system", root.toString()).requireOk();
        }
    }
}
