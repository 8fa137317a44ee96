package org.gardenos.nspawn;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.gardenos.remote.CommandResult;

/**
 * One host's {@code systemd-nspawn} process: boots systemd from the host's merged overlay inside the host's network
 * namespace. {@code --register=no --keep-unit} because this machine's PID 1 need not be systemd (no machined, no
 * system bus). Console output goes to {@code console.log} next to the host's disk, for diagnosing failed boots.
 */
final class Container {
    private static final String MACHINE_FLAG = "--machine=";
    private static final Path PROPAGATE = Path.of("/run/systemd/nspawn/propagate");
    /**
     * What a kubelet with containerd and runc needs inside the host (see FACTS: nodes inside nspawn hosts): every
     * capability, the system calls nspawn filters out by default (runc joins a session keyring, mounts, loads BPF
     * device filters), this machine's cgroup hierarchies (kubelet manages pod cgroups there) and the kernel log.
     */
    static final List<String> KUBERNETES_NODE_FLAGS = List.of("--capability=all",
            "--system-call-filter=@keyring @mount @privileged bpf", "--bind=/sys/fs/cgroup", "--bind=/dev/kmsg");
    private final String machine;
    private final Path rootfs;
    private final String netns;
    private final Path consoleLog;
    private final boolean kubernetesNode;
    private Process process;
    private long initPid = -1;

    Container(String machine, Path rootfs, String netns, Path consoleLog, boolean kubernetesNode) {
        this.machine = machine;
        this.rootfs = rootfs;
        this.netns = netns;
        this.consoleLog = consoleLog;
        this.kubernetesNode = kubernetesNode;
    }

    synchronized void start() {
        if (isRunning()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("systemd-nspawn", "--directory=" + rootfs, "--boot",
                "--register=no", "--keep-unit", "--network-namespace-path=/run/netns/" + netns, MACHINE_FLAG + machine,
                "--link-journal=no", "--resolv-conf=off", "--timezone=off", "--console=read-only"));
        if (kubernetesNode) {
            command.addAll(KUBERNETES_NODE_FLAGS);
        }
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().putAll(LocalCommand.CLEAN_ENV);
        if (kubernetesNode) {
            // kubelet and kube-proxy write /proc/sys and /sys (nspawn mounts them read-only otherwise)
            pb.environment().put("SYSTEMD_NSPAWN_API_VFS_WRITABLE", "1");
        }
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(consoleLog.toFile()));
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new NspawnException("cannot start systemd-nspawn for " + machine + ": " + e.getMessage(), e);
        }
        initPid = -1;
    }

    synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** PID (in this machine's namespace) of the container's systemd, waiting briefly for nspawn to create it. */
    synchronized long initPid() {
        if (initPid > 0 && ProcessHandle.of(initPid).map(ProcessHandle::isAlive).orElse(false)) {
            return initPid;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        String ourPidNs = pidNamespace(ProcessHandle.current().pid()).orElse("");
        while (System.nanoTime() < deadline) {
            if (!isRunning()) {
                throw new NspawnException(machine + " is not running" + consoleTail());
            }
            for (ProcessHandle child : process.children().toList()) {
                Optional<String> ns = pidNamespace(child.pid());
                if (ns.isPresent() && !ns.get().equals(ourPidNs)) {
                    initPid = child.pid();
                    return initPid;
                }
            }
            sleep(50);
        }
        throw new NspawnException(machine + ": systemd-nspawn started no container init within 15 s" + consoleTail());
    }

    /** Runs {@code command} with {@code sh -c} inside the container (all its namespaces), as root. */
    CommandResult exec(String hostName, String command, byte[] stdin, Duration timeout) {
        List<String> nsenter = List.of("nsenter", "--target", Long.toString(initPid()), "--mount", "--uts", "--ipc",
                "--net", "--pid", "--root", "--wd", "--", "/bin/sh", "-c", command);
        LocalCommand.Result r = LocalCommand.run(nsenter, stdin, timeout);
        return new CommandResult(hostName, command, r.exitCode(), r.stdout(), r.stderr());
    }

    /**
     * Orderly shutdown: SIGTERM makes nspawn ask the container's systemd to power off. After {@code timeout} the
     * container is killed (SIGKILL to its init ends its whole PID namespace).
     */
    synchronized void stop(Duration timeout) {
        if (!isRunning()) {
            return;
        }
        Optional<ProcessHandle> init = process.children().findFirst();
        process.destroy();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                init.ifPresent(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            init.ifPresent(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        initPid = -1;
        removeNspawnState(machine);
    }

    /** The last lines of the console log, for failure messages. */
    String consoleTail() {
        try {
            String text = Files.readString(consoleLog, StandardCharsets.UTF_8);
            return "; console (" + consoleLog + "): " + BaseImage.lastLines(text.replaceAll("\u001B\\[[0-9;]*m", ""), 5);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Kills every container of a run (leftover cleanup): SIGKILL to each container init (its whole PID namespace
     * dies) and to its nspawn, then waits until they are gone. A zombie counts as gone: it holds no mounts or
     * namespaces any more, and reaping it is its new parent's business.
     */
    static void killRun(String runId) {
        List<ProcessHandle> nspawns = processesOfRun(runId);
        for (ProcessHandle nspawn : nspawns) {
            nspawn.children().forEach(ProcessHandle::destroyForcibly);
            nspawn.destroyForcibly();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (ProcessHandle nspawn : nspawns) {
            while (nspawn.isAlive() && !isZombie(nspawn.pid()) && System.nanoTime() < deadline) {
                sleep(50);
            }
        }
        for (String machine : nspawnStateDirs(runId)) {
            removeNspawnState(machine);
        }
    }

    /**
     * nspawn keeps a per-machine directory in {@code /run/systemd/nspawn/propagate}; it removes it on an orderly exit
     * but not when killed.
     */
    static void removeNspawnState(String machine) {
        Path dir = PROPAGATE.resolve(machine);
        if (Files.isDirectory(dir)) {
            HostFiles.deleteTree(dir);
        }
    }

    /** Machine names with an nspawn state directory, of the given run ({@code gos-RUN-*}) or of all runs ({@code gos-*}). */
    static List<String> nspawnStateDirs(String runId) {
        List<String> result = new ArrayList<>();
        String glob = runId.isEmpty() ? "gos-*" : HostNetwork.netnsPrefix(runId) + "*";
        try (var dirs = Files.newDirectoryStream(PROPAGATE, glob)) {
            dirs.forEach(d -> result.add(d.getFileName().toString()));
        } catch (IOException e) {
            // no propagate directory: nothing to remove
        }
        return result;
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            int close = stat.lastIndexOf(')');
            return close > 0 && stat.length() > close + 2 && stat.charAt(close + 2) == 'Z';
        } catch (IOException e) {
            return true; // gone
        }
    }

    /** nspawn processes of a run, found by their {@code --machine=gos-RUN-} argument (for leftover cleanup). */
    static List<ProcessHandle> processesOfRun(String runId) {
        String marker = MACHINE_FLAG + HostNetwork.netnsPrefix(runId);
        List<ProcessHandle> result = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(p -> {
            List<String> args = commandLine(p.pid());
            if (!args.isEmpty() && args.get(0).endsWith("systemd-nspawn")
                    && args.stream().anyMatch(a -> a.startsWith(marker))) {
                result.add(p);
            }
        });
        return result;
    }

    private static List<String> commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
            List<String> args = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == 0) {
                    args.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            return args;
        } catch (IOException e) {
            return List.of(); // gone meanwhile, or a kernel thread
        }
    }

    private static Optional<String> pidNamespace(long pid) {
        try {
            return Optional.of(Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/pid")).toString());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NspawnException("interrupted", e);
        }
    }
}
