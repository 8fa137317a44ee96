package org.gardenos.nspawn;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.gardenos.inventory.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A set of real Debian 12 hosts on this machine, for tests: each a {@code systemd-nspawn} container booting systemd
 * and sshd, in its own network namespace with its own IPv4 address on a private bridge that only this machine
 * reaches. Needs root. Tiny lifecycle, like Testcontainers:
 *
 * <pre>{@code
 * try (DebianHosts hosts = DebianHosts.builder().count(3).build().start()) {
 *     Path inventory = hosts.inventoryFile("test", "");
 *     hosts.host("node1").exec("systemctl is-active ssh");
 * }
 * }</pre>
 *
 * {@link #close()} stops the hosts and removes everything they used; a JVM shutdown hook does the same, and the next
 * set started on the machine removes what a dead JVM left behind. See docs/testkit.md.
 */
public final class DebianHosts implements AutoCloseable {
    /** The tools this class runs; {@link #missingPrerequisites()} reports the absent ones. */
    public static final List<String> REQUIRED_COMMANDS = List.of("debootstrap", "systemd-nspawn", "ip", "nsenter",
            "mount", "umount", "chroot", "ssh-keygen");
    /** Default cache of base images; the system property {@code gardenos.testkit.cache} overrides it. */
    public static final Path DEFAULT_CACHE = Path.of("/var/cache/gardenos-testkit");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,30}");
    private static final Logger LOG = LoggerFactory.getLogger(DebianHosts.class);

    private final Builder settings;
    private final List<TestHost> hosts = new ArrayList<>();
    private RunRegistry.Run run;
    private boolean closed;

    private DebianHosts(Builder settings) {
        this.settings = settings;
    }

    /**
     * The Debian mirror debootstrap uses for images built here (hosts' base images, gardenos-nspawn's
     * {@code PatroniImage}): the system property {@code gardenos.testkit.mirror}, else the mirror this machine's apt
     * sources already use for bookworm (the testkit never carries a mirror of its own).
     */
    public static URI defaultMirror() {
        String property = System.getProperty("gardenos.testkit.mirror");
        if (property != null && !property.isBlank()) {
            return URI.create(property);
        }
        return AptSources.fromMachine(Path.of("/etc/apt"), BaseImage.SUITE).orElseThrow(() ->
                new NspawnException("no Debian mirror for " + BaseImage.SUITE + " found in /etc/apt/sources.list"
                        + " or /etc/apt/sources.list.d/*.sources; set -Dgardenos.testkit.mirror=URL"));
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * What this machine lacks to run test hosts: {@code root} when not running as root, then every missing command
     * of {@link #REQUIRED_COMMANDS}. Empty when everything is there.
     */
    public static List<String> missingPrerequisites() {
        List<String> missing = new ArrayList<>();
        if (!LocalMachine.isRoot()) {
            missing.add("root");
        }
        missing.addAll(LocalMachine.missingCommands(REQUIRED_COMMANDS.toArray(String[]::new)));
        return List.copyOf(missing);
    }

    /**
     * Removes what sets of test hosts whose JVM died left behind (containers, overlay mounts, network namespaces,
     * veths, directories). Runs automatically at every {@link #start()}.
     *
     * @return what was removed, e.g. {@code run 3fa01c}, {@code netns gos-3fa01c-1}
     */
    public static List<String> cleanupLeftovers() {
        return RunRegistry.cleanupLeftovers();
    }

    /**
     * Builds the base image if not cached, creates every host and boots them all in parallel; returns once each is
     * ready according to the wait strategy. On failure everything started so far is removed again.
     */
    public synchronized DebianHosts start() {
        if (run != null || closed) {
            throw new IllegalStateException("a DebianHosts set is started once");
        }
        List<String> missing = missingPrerequisites();
        if (!missing.isEmpty()) {
            throw new NspawnException("cannot start test hosts, missing: " + String.join(", ", missing));
        }
        Path image = BaseImage.ensure(settings.cacheDir(), settings.packages(), settings::mirror);
        OpenHostSets.add(this);
        long started = System.nanoTime();
        try {
            run = RunRegistry.register(settings.count);
            Map<String, String> peers = new LinkedHashMap<>();
            for (int i = 0; i < settings.count; i++) {
                peers.put(settings.namePrefix + (i + 1), run.addresses().get(i));
            }
            SshKeys.generate(privateKey(), "gardenos-testkit-" + run.id());
            String authorized = SshKeys.publicKey(privateKey());
            int index = 1;
            for (Map.Entry<String, String> p : peers.entrySet()) {
                TestHost host = new TestHost(p.getKey(), index++, p.getValue(), run, image, settings.kubernetesNode,
                        settings.waitStrategy,
                        settings.startupTimeout);
                hosts.add(host);
                host.create(peers, authorized);
            }
            writeKnownHosts();
            hosts.forEach(TestHost::boot);
            waitForAll();
            LOG.info("test hosts of run {} ready in {} ms: {}", run.id(), (System.nanoTime() - started) / 1_000_000, hosts);
            return this;
        } catch (RuntimeException e) {
            try {
                close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private void waitForAll() {
        ExecutorService pool = Executors.newFixedThreadPool(hosts.size());
        try {
            List<Future<?>> waits = new ArrayList<>();
            for (TestHost h : hosts) {
                waits.add(pool.submit(h::waitUntilReady));
            }
            RuntimeException failure = null;
            for (Future<?> w : waits) {
                try {
                    w.get();
                } catch (ExecutionException e) {
                    RuntimeException cause = e.getCause() instanceof RuntimeException r ? r
                            : new NspawnException(e.getCause().getMessage(), e.getCause());
                    if (failure == null) {
                        failure = cause;
                    } else {
                        failure.addSuppressed(cause);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new NspawnException("interrupted while waiting for the test hosts", e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The hosts, in order ({@code node1}, {@code node2}, ...). */
    public List<TestHost> hosts() {
        return List.copyOf(hosts);
    }

    /** The host called {@code name}; {@link IllegalArgumentException} naming the hosts there are when none is. */
    public TestHost host(String name) {
        return hosts.stream().filter(h -> h.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no test host '" + name + "'; hosts: "
                        + hosts.stream().map(TestHost::name).toList()));
    }

    /** Id of this set on the machine (6 hex characters; part of every namespace, link and directory name). */
    public String runId() {
        return run == null ? "(not started)" : run.id();
    }

    /** The generated ed25519 private key (0600) that root and user {@code gardenos} of every host accept. */
    public Path privateKey() {
        return runDir().resolve("id_ed25519");
    }

    /** A known_hosts file with every host's real host key, by address. */
    public Path knownHosts() {
        return runDir().resolve("known_hosts");
    }

    /** Rewrites {@link #knownHosts()} with the hosts' current keys (after {@link TestHost#regenerateHostKey()}). */
    public Path writeKnownHosts() {
        StringBuilder b = new StringBuilder();
        for (TestHost h : hosts) {
            b.append(h.address()).append(' ').append(h.hostKey()).append('\n');
        }
        HostFiles.write(knownHosts(), b.toString().getBytes(StandardCharsets.UTF_8), "rw-r--r--");
        return knownHosts();
    }

    /** {@link #inventoryFile(String, String, Map)} with the default roles: all {@code etcd, server}, the first also {@code lb}. */
    public Path inventoryFile(String clusterName, String extraYaml) {
        return inventoryFile(clusterName, extraYaml,
                InventoryYaml.defaultRoles(hosts.stream().map(TestHost::name).toList()));
    }

    /**
     * Writes {@code gardenos-CLUSTER.yaml} into the run's directory: cluster name, {@code ssh} as root with the
     * generated key and the known_hosts file (host keys are verified), the hosts named in {@code roles} with those
     * roles (hosts not named are left out), then {@code extraYaml} (further top-level sections) verbatim.
     */
    public Path inventoryFile(String clusterName, String extraYaml, Map<String, ? extends Collection<Role>> roles) {
        return inventoryFile(clusterName, extraYaml, roles, "root");
    }

    /** As {@link #inventoryFile(String, String, Map)}, connecting as {@code sshUser} (e.g. {@code gardenos}, via sudo). */
    public Path inventoryFile(String clusterName, String extraYaml, Map<String, ? extends Collection<Role>> roles,
                              String sshUser) {
        if (clusterName == null || !NAME.matcher(clusterName).matches()) {
            throw new IllegalArgumentException("cluster name '" + clusterName + "' must match " + NAME);
        }
        Objects.requireNonNull(sshUser, "sshUser");
        for (String name : roles.keySet()) {
            host(name); // unknown names fail here, naming the hosts there are
        }
        List<InventoryYaml.Entry> entries = new ArrayList<>();
        for (TestHost h : hosts) {
            Collection<Role> r = roles.get(h.name());
            if (r != null) {
                entries.add(new InventoryYaml.Entry(h.name(), h.address(), Set.copyOf(r)));
            }
        }
        String yaml = InventoryYaml.render(clusterName, sshUser, privateKey(), knownHosts(), entries, extraYaml);
        Path file = runDir().resolve("gardenos-" + clusterName + ".yaml");
        HostFiles.write(file, yaml.getBytes(StandardCharsets.UTF_8), "rw-------");
        return file;
    }

    /** Stops every host and removes its namespace, veth, overlay and state. Safe to call more than once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        OpenHostSets.remove(this);
        if (run == null) {
            return;
        }
        NspawnException failure = null;
        for (TestHost h : hosts) {
            try {
                h.destroy();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = new NspawnException("cleanup of test hosts run " + run.id() + " incomplete: "
                            + e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure; // the run stays recorded; the next start's leftover cleanup retries
        }
        RunRegistry.release(run);
        LOG.info("test hosts of run {} removed", run.id());
    }

    private Path runDir() {
        if (run == null) {
            throw new IllegalStateException("test hosts not started");
        }
        return run.dir();
    }

    /** Settings of a set of test hosts. */
    public static final class Builder {
        private int count = 3;
        private String namePrefix = "node";
        private WaitStrategy waitStrategy = new SshPortOpen();
        private Duration startupTimeout = Duration.ofSeconds(90);
        private final List<String> extraPackages = new ArrayList<>();
        private URI mirror;
        private Path cacheDir;
        private boolean kubernetesNode;

        private Builder() {
        }

        /** How many hosts (1 to 50; default 3). */
        public Builder count(int count) {
            if (count < 1 || count > 50) {
                throw new IllegalArgumentException("count must be 1 to 50, not " + count);
            }
            this.count = count;
            return this;
        }

        /** Host names are the prefix plus 1, 2, ... (default {@code node}: node1, node2, ...). */
        public Builder namePrefix(String prefix) {
            if (prefix == null || !NAME.matcher(prefix).matches()) {
                throw new IllegalArgumentException("name prefix '" + prefix + "' must match " + NAME);
            }
            this.namePrefix = prefix;
            return this;
        }

        /** When a booted host counts as ready (default {@link SshPortOpen}). */
        public Builder waitingFor(WaitStrategy strategy) {
            this.waitStrategy = Objects.requireNonNull(strategy);
            return this;
        }

        /** How long each host may take to become ready (default 90 s). */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** Debian packages to have in the base image besides the default ones (another cached image). */
        public Builder packages(String... packages) {
            for (String p : packages) {
                if (!p.matches("[a-z0-9][a-z0-9+.-]+")) {
                    throw new IllegalArgumentException("'" + p + "' is not a Debian package name");
                }
                extraPackages.add(p);
            }
            return this;
        }

        /**
         * Debian mirror for building the base image. Default: the system property {@code gardenos.testkit.mirror},
         * else the mirror this machine's apt sources use.
         */
        public Builder mirror(URI mirror) {
            this.mirror = Objects.requireNonNull(mirror);
            return this;
        }

        /**
         * Boot the hosts so they can be Kubernetes nodes (kubelet, containerd, runc inside): all capabilities, the
         * keyring, mount, privileged and bpf system calls, this machine's {@code /sys/fs/cgroup} and
         * {@code /dev/kmsg}, writable {@code /proc/sys}. Such a host is much less contained: use it for nodes only.
         * The packages the node needs are the caller's to add ({@link #packages}).
         */
        public Builder kubernetesNode() {
            this.kubernetesNode = true;
            return this;
        }

        /** Where base images are cached (default {@link #DEFAULT_CACHE}). */
        public Builder cacheDirectory(Path dir) {
            this.cacheDir = Objects.requireNonNull(dir);
            return this;
        }

        public DebianHosts build() {
            return new DebianHosts(this);
        }

        List<String> packages() {
            List<String> all = new ArrayList<>(BaseImage.PACKAGES);
            extraPackages.stream().filter(p -> !all.contains(p)).forEach(all::add);
            return all;
        }

        Path cacheDir() {
            if (cacheDir != null) {
                return cacheDir;
            }
            String property = System.getProperty("gardenos.testkit.cache");
            return property == null || property.isBlank() ? DEFAULT_CACHE : Path.of(property);
        }

        URI mirror() {
            return mirror != null ? mirror : defaultMirror();
        }
    }
}
