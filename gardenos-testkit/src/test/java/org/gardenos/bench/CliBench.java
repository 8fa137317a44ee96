package org.gardenos.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gardenos.inventory.Role;
import org.gardenos.nspawn.DebianHosts;
import org.gardenos.nspawn.EtcdReleaseTarball;
import org.gardenos.nspawn.TestHost;

/**
 * Whole-process timings of the GardenOS CLI (and optionally a baseline jar and Ansible) on N real nspawn hosts,
 * alternating so that load from other work on the machine hits every contender about equally. Not a test: started
 * by {@code bench/ansible-compare.sh} and {@code bench/scale-30.sh}, see bench/README.md. Needs root.
 *
 * <p>Arguments: {@code HOSTS ROUNDS JAR [BASELINE_JAR|-] [ansible|no-ansible]}. Roles: the first three hosts
 * {@code etcd, server}, the first also {@code lb}, the others {@code agent}. Every GardenOS command is checked (exit
 * code, and {@code "changed": 0} for a no-op apply), Ansible's recap must say {@code changed=0 failed=0}.
 * Deterministic figures beside the times: SSH commands per host (the {@code HOST: $ } debug lines of one {@code -v}
 * run), peak RSS and CPU time (user + system, {@code /usr/bin/time}).
 */
public final class CliBench {
    /** {@code /usr/bin/time -f "%M %U %S"}: peak RSS in KiB, user and system CPU seconds (last line). */
    private static final Pattern RSS = Pattern.compile("(\\d+) (\\d+\\.\\d+) (\\d+\\.\\d+)\\s*$");

    private final Path work;
    private final Path inventory;
    private final Path stateDir;
    private final Map<String, List<Long>> millis = new LinkedHashMap<>();
    private final Map<String, List<Long>> rssKib = new LinkedHashMap<>();
    private final Map<String, List<Long>> cpuMillis = new LinkedHashMap<>();
    /** The 1-minute load average when each run started (the machine is shared: read the times beside it). */
    private final Map<String, List<Double>> load = new LinkedHashMap<>();
    /** CPU the hosts (the nspawn containers) spent during each run, and the machine as a whole ({@link HostCpu}). */
    private final Map<String, List<Long>> hostCpuMillis = new LinkedHashMap<>();
    private final Map<String, List<Long>> machineCpuMillis = new LinkedHashMap<>();
    private HostCpu hostCpu;

    private CliBench(Path work, Path inventory) throws IOException {
        this.work = work;
        this.inventory = inventory;
        this.stateDir = Files.createDirectories(work.resolve("state"));
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        String jar = args[2];
        String baseline = args.length > 3 && !"-".equals(args[3]) ? args[3] : null;
        boolean ansible = args.length > 4 && "ansible".equals(args[4]);
        Path work = Files.createTempDirectory("gardenos-clibench");
        EtcdReleaseTarball etcd = EtcdReleaseTarball.build(Files.createDirectories(work.resolve("artifacts")));
        String extraYaml = "etcd:\n  version: " + etcd.version() + "\n  artifact: " + etcd.tarball()
                + "\n  sha256: " + etcd.sha256() + "\n";
        String loadBefore = loadAverage();
        try (DebianHosts hosts = DebianHosts.builder().count(count).namePrefix("node").packages("python3-apt")
                .build().start()) {
            CliBench bench = new CliBench(work, hosts.inventoryFile("bench", extraYaml, roles(hosts)));
            bench.hostCpu = HostCpu.attach();
            bench.run(hosts, rounds, jar, baseline, ansible);
            bench.hostCpu.close();
            System.out.printf("%n%d hosts, %d rounds, %d CPUs; /proc/loadavg before: %s, after: %s%n", count, rounds,
                    Runtime.getRuntime().availableProcessors(), loadBefore, loadAverage());
            bench.print(baseline != null, ansible);
        }
    }

    static Map<String, Set<Role>> roles(DebianHosts hosts) {
        Map<String, Set<Role>> roles = new LinkedHashMap<>();
        List<TestHost> all = hosts.hosts();
        for (int i = 0; i < all.size(); i++) {
            Set<Role> these = new LinkedHashSet<>();
            if (i < 3) {
                these.add(Role.of("etcd"));
                these.add(Role.of("server"));
            } else {
                these.add(Role.of("agent"));
            }
            if (i == 0) {
                these.add(Role.of("lb"));
            }
            roles.put(all.get(i).name(), these);
        }
        return roles;
    }

    private static final List<List<String>> COMMANDS = List.of(List.of("version"), List.of("apply", "base"),
            List.of("plan", "base"), List.of("status", "base"), List.of("status", "base", "etcd", "lb"),
            List.of("plan", "base", "etcd", "lb"), List.of("apply", "base", "etcd", "lb"));

    private void run(DebianHosts hosts, int rounds, String jar, String baseline, boolean ansible) throws Exception {
        require(cli(jar, List.of("apply", "base", "etcd", "lb")), 0, "warm-up apply");
        resetBootFailures(hosts);
        Path play = ansible ? AnsiblePlay.write(work, hosts) : null;
        if (ansible) {
            require(AnsiblePlay.run(work, play), 0, "ansible warm-up");
        }
        hold();
        commandCounts(jar, "new");
        classCounts(jar, "new");
        if (baseline != null) {
            commandCounts(baseline, "old");
            classCounts(baseline, "old");
        }
        if (System.getProperty("bench.jfr") != null) {
            profile(jar, "new");
            if (baseline != null) {
                profile(baseline, "old");
            }
        }
        for (int round = 0; round < rounds; round++) {
            for (List<String> command : COMMANDS) {
                String name = String.join(" ", command);
                if (!name.startsWith(System.getProperty("bench.only", ""))) {
                    continue;
                }
                timed("new: " + name, () -> checked(cli(jar, command), command));
                if (baseline != null) {
                    timed("old: " + name, () -> checked(cli(baseline, command), command));
                }
                if (ansible && name.equals("apply base")) {
                    timed("ansible: base play", () -> AnsiblePlay.requireNoChange(AnsiblePlay.run(work, play)));
                }
            }
        }
    }

    /**
     * {@code -Dbench.hold=FILE}: after the warm-up, writes the CLI's {@code -f} and {@code --state-dir} arguments into
     * FILE and waits while it exists, so that a command can be profiled by hand on the same hosts (JFR, {@code -v}).
     */
    private void hold() throws InterruptedException, IOException {
        String file = System.getProperty("bench.hold");
        if (file == null) {
            return;
        }
        Path hold = Path.of(file);
        Files.writeString(hold, "-f " + inventory + " --state-dir " + stateDir + "\n");
        System.out.println("holding while " + hold + " exists");
        while (Files.exists(hold)) {
            Thread.sleep(1000);
        }
    }

    /**
     * Units that failed while the containers booted (seen with 30 hosts on 2 busy CPUs: systemd-tmpfiles-setup,
     * systemd-update-utmp, a distribution haproxy on an agent) make {@code status base} truthfully DEGRADED and
     * stop the bench; they are printed, then cleared with {@code systemctl reset-failed}. None is a GardenOS unit.
     */
    private static void resetBootFailures(DebianHosts hosts) {
        for (TestHost h : hosts.hosts()) {
            String failed = h.exec("systemctl --failed --no-legend --plain | cut -d' ' -f1 | tr '\\n' ' '").stdout().strip();
            if (!failed.isEmpty()) {
                System.out.printf("%s: failed at boot, reset: %s%n", h.name(), failed);
                h.exec("systemctl reset-failed");
            }
        }
    }

    /** SSH commands per host of one run of each command, from the {@code -v} log (the same lines in old and new). */
    private void commandCounts(String jar, String label) throws Exception {
        for (List<String> command : COMMANDS.subList(1, COMMANDS.size())) {
            if (!String.join(" ", command).startsWith(System.getProperty("bench.only", ""))) {
                continue;
            }
            List<String> verbose = new ArrayList<>(List.of("-v"));
            verbose.addAll(command);
            Run run = cli(jar, verbose);
            Map<String, Integer> perHost = new java.util.TreeMap<>();
            Map<String, List<String>> lines = new java.util.TreeMap<>();
            Matcher m = Pattern.compile("(?m)\\b(node-?\\d+): \\$ (.*)$").matcher(run.stderr);
            while (m.find()) {
                perHost.merge(m.group(1), 1, Integer::sum);
                String line = m.group(2).replaceAll("\\s+", " ");
                lines.computeIfAbsent(m.group(1), k -> new ArrayList<>())
                        .add(line.length() > 160 ? line.substring(0, 160) + "..." : line);
            }
            System.out.printf("%s: %s: SSH commands per host %s%n", label, String.join(" ", command), perHost);
            if (System.getProperty("bench.sessions") != null) { // which command each session is, in order
                lines.forEach((host, l) -> l.forEach(line -> System.out.printf("    %s: $ %s%n", host, line)));
            }
        }
    }

    /**
     * Classes a run loads, and how many of them came from a CDS archive ({@code -Xlog:class+load}: "source: shared
     * objects file"), through the launcher when the jar has one (its options come from {@code GARDENOS_JAVA_OPTS}).
     */
    private void classCounts(String jar, String label) throws Exception {
        for (List<String> command : COMMANDS) {
            Path log = work.resolve(label + "-classes.log");
            Files.deleteIfExists(log);
            String xlog = "-Xlog:class+load=info:file=" + log;
            List<String> line = new ArrayList<>(launcher(jar));
            boolean script = line.size() == 1;
            if (!script) {
                line.add(1, xlog);
            }
            line.addAll(List.of("-f", inventory.toString(), "--state-dir", stateDir.toString(), "-o", "json"));
            line.addAll(command);
            checked(exec(line, script ? Map.of("GARDENOS_JAVA_OPTS", xlog) : Map.of()), command);
            List<String> loaded = Files.readAllLines(log).stream().filter(l -> l.contains(" source: ")).toList();
            long shared = loaded.stream().filter(l -> l.contains("source: shared objects file")).count();
            System.out.printf("%s: %s: classes loaded %d, from the CDS archive %d, from the jar or JDK %d%n", label,
                    String.join(" ", command), loaded.size(), shared, loaded.size() - shared);
        }
    }

    /**
     * One no-op {@code apply base etcd lb} under JFR ({@code java -jar}, so old and new start alike): the share of
     * CPU samples spent in SHA-256 (the issue 13 profile showed 52 % there) and the hottest frames.
     */
    private void profile(String jar, String label) throws Exception {
        Path jfr = work.resolve(label + ".jfr");
        List<String> command = new ArrayList<>(List.of("java", "-XX:StartFlightRecording=filename=" + jfr
                + ",settings=profile", "-jar", jar, "-f", inventory.toString(), "--state-dir", stateDir.toString(),
                "-o", "json", "apply", "base", "etcd", "lb"));
        require(exec(command), 0, label + ": apply under JFR");
        Map<String, Integer> top = new java.util.HashMap<>();
        int samples = 0;
        int sha = 0;
        Map<String, Integer> shaBy = new java.util.TreeMap<>();
        for (jdk.jfr.consumer.RecordedEvent e : jdk.jfr.consumer.RecordingFile.readAllEvents(jfr)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            samples++;
            List<jdk.jfr.consumer.RecordedFrame> frames = e.getStackTrace().getFrames();
            if (frames.stream().anyMatch(f -> f.getMethod().getType().getName().matches(
                    "sun\\.security\\.provider\\.(SHA2|DigestBase).*|java\\.security\\.MessageDigest.*"
                            + "|org\\.bouncycastle\\.crypto\\.digests\\.SHA.*"))) {
                sha++;
                // who asked: the first GardenOS or SSH frame below the digest (artifact hashing vs SSH, TLS, ...)
                String caller = frames.stream().map(f -> f.getMethod().getType().getName() + "." + f.getMethod().getName())
                        .filter(n -> n.startsWith("org.gardenos.") || n.startsWith("net.schmizz.")).findFirst()
                        .orElse("other");
                shaBy.merge(caller, 1, Integer::sum);
            }
            if (!frames.isEmpty()) {
                top.merge(frames.get(0).getMethod().getType().getName() + "." + frames.get(0).getMethod().getName(),
                        1, Integer::sum);
            }
        }
        System.out.printf("%s: JFR of a no-op apply base etcd lb: %d CPU samples, %d in SHA-256 (%.0f %%) by %s; "
                + "top frames %s%n", label, samples, sha, samples == 0 ? 0.0 : 100.0 * sha / samples, shaBy,
                top.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(5)
                        .map(en -> en.getKey() + "=" + en.getValue()).toList());
    }

    record Run(int exit, String stdout, String stderr, long rssKib, long cpuMillis) {
    }

    interface Work {
        Run run() throws Exception;
    }

    private void timed(String name, Work work) throws Exception {
        load.computeIfAbsent(name, k -> new ArrayList<>()).add(Double.parseDouble(loadAverage().split(" ")[0]));
        long hostsBefore = hostCpu.nanos();
        long machineBefore = HostCpu.machineNanos();
        long start = System.nanoTime();
        Run run = work.run();
        millis.computeIfAbsent(name, k -> new ArrayList<>()).add((System.nanoTime() - start) / 1_000_000);
        if (hostsBefore >= 0) {
            hostCpuMillis.computeIfAbsent(name, k -> new ArrayList<>()).add((hostCpu.nanos() - hostsBefore) / 1_000_000);
            machineCpuMillis.computeIfAbsent(name, k -> new ArrayList<>())
                    .add((HostCpu.machineNanos() - machineBefore) / 1_000_000);
        }
        if (run.rssKib() > 0) {
            rssKib.computeIfAbsent(name, k -> new ArrayList<>()).add(run.rssKib());
            cpuMillis.computeIfAbsent(name, k -> new ArrayList<>()).add(run.cpuMillis());
        }
    }

    private Run cli(String jar, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-o", work.resolve("rss").toString(),
                "-f", "%M %U %S"));
        command.addAll(launcher(jar));
        command.addAll(List.of("-f", inventory.toString(), "--state-dir", stateDir.toString(), "-o", "json"));
        command.addAll(args);
        Run run = exec(command);
        Matcher m = RSS.matcher(Files.readString(work.resolve("rss")));
        boolean found = m.find();
        return new Run(run.exit(), run.stdout(), run.stderr(), found ? Long.parseLong(m.group(1)) : 0,
                found ? Math.round((Double.parseDouble(m.group(2)) + Double.parseDouble(m.group(3))) * 1000) : 0);
    }

    /** The {@code gardenos} launcher script when it sits beside the jar (AppCDS), else {@code java -jar}. */
    static List<String> launcher(String jar) {
        Path script = Path.of(jar).resolveSibling("gardenos");
        return Files.isExecutable(script) ? List.of(script.toString()) : List.of("java", "-jar", jar);
    }

    static Run exec(List<String> command) throws Exception {
        return exec(command, Map.of());
    }

    static Run exec(List<String> command, Map<String, String> env) throws Exception {
        Path out = Files.createTempFile("bench", ".out");
        Path err = Files.createTempFile("bench", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(env);
            Process p = builder.start();
            p.getOutputStream().close();
            int exit = p.waitFor();
            return new Run(exit, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8), 0, 0);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * Exit 0, except for status: the lb layer is DOWN without K3s API servers behind it (exit 1), so status must
     * instead report base and etcd HEALTHY (the truth the bench can expect of these hosts).
     */
    private static Run checked(Run run, List<String> command) {
        String name = String.join(" ", command);
        if (command.get(0).equals("status")) {
            for (String layer : List.of("base", "etcd")) {
                if (command.contains(layer) && !run.stdout().matches(
                        "(?s).*\"layer\"\\s*:\\s*\"" + layer + "\"\\s*,\\s*\"health\"\\s*:\\s*\"HEALTHY\".*")) {
                    throw new IllegalStateException(name + ": " + layer + " is not HEALTHY: " + run.stdout());
                }
            }
            return run;
        }
        require(run, 0, name);
        if (command.get(0).equals("apply") && !run.stdout().matches("(?s).*\"changed\"\\s*:\\s*0\\s*[,}].*")) {
            throw new IllegalStateException(name + " was not a no-op: " + run.stdout());
        }
        return run;
    }

    static Run require(Run run, int exit, String what) {
        if (run.exit() != exit) {
            throw new IllegalStateException(what + " exited " + run.exit() + "\nstdout: " + run.stdout()
                    + "\nstderr: " + run.stderr());
        }
        return run;
    }

    private void print(boolean baseline, boolean ansible) {
        System.out.println("| measurement | min ms | median ms | max ms | median CPU ms | median peak RSS MiB "
                + "| load (1 min) min-max |");
        System.out.println("|---|---:|---:|---:|---:|---:|---|");
        millis.forEach((name, ms) -> {
            List<Long> rss = rssKib.getOrDefault(name, List.of());
            List<Double> l = load.get(name);
            List<Long> cpu = cpuMillis.getOrDefault(name, List.of());
            System.out.printf("| %s | %d | %d | %d | %s | %s | %.1f-%.1f |%n", name, sorted(ms).get(0), median(ms),
                    sorted(ms).get(ms.size() - 1), cpu.isEmpty() ? "-" : String.valueOf(median(cpu)),
                    rss.isEmpty() ? "-" : String.valueOf(median(rss) / 1024),
                    Collections.min(l), Collections.max(l));
        });
        printCpuBound();
        if (ansible) {
            System.out.printf("%nno-op apply base: GardenOS / Ansible = %.2f (median %d ms / %d ms)%n",
                    (double) median(millis.get("new: apply base")) / median(millis.get("ansible: base play")),
                    median(millis.get("new: apply base")), median(millis.get("ansible: base play")));
        }
    }

    /**
     * Where each run's CPU went (medians): the CLI (user + system), the hosts (their cgroup), everything else on the
     * machine (other work), and the wall time the CLI and the hosts together need at least on this machine's CPUs.
     */
    private void printCpuBound() {
        if (hostCpuMillis.isEmpty()) {
            return;
        }
        int cpus = Runtime.getRuntime().availableProcessors();
        System.out.printf("%n| measurement | median wall ms | median CLI CPU ms | median hosts' CPU ms | median other CPU ms"
                + " | (CLI + hosts) / %d CPUs ms |%n|---|---:|---:|---:|---:|---:|%n", cpus);
        hostCpuMillis.forEach((name, hosts) -> {
            List<Long> cli = cpuMillis.getOrDefault(name, List.of());
            List<Long> machine = machineCpuMillis.get(name);
            List<Long> other = new ArrayList<>();
            List<Long> bound = new ArrayList<>();
            for (int i = 0; i < hosts.size(); i++) {
                long c = i < cli.size() ? cli.get(i) : 0;
                other.add(Math.max(0, machine.get(i) - c - hosts.get(i)));
                bound.add((c + hosts.get(i)) / cpus);
            }
            System.out.printf("| %s | %d | %s | %d | %d | %d |%n", name, median(millis.get(name)),
                    cli.isEmpty() ? "-" : String.valueOf(median(cli)), median(hosts), median(other), median(bound));
        });
    }

    private static List<Long> sorted(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted;
    }

    static long median(List<Long> values) {
        return sorted(values).get(values.size() / 2);
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
