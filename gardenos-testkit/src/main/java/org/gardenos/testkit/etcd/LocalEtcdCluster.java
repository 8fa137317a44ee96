package org.gardenos.testkit.etcd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.gardenos.engine.Poll;

/**
 * N real etcd processes (Debian's {@code /usr/bin/etcd}) on loopback addresses {@code 127.0.B.11}, {@code .12}, ...
 * where the block B (100-199) is picked at random per cluster and probed free, so concurrent test runs of other
 * modules (which use 127.0.0.x) and of other classes never share an address. Each member listens on 2379 (client),
 * 2380 (peer) and 2381 (plain HTTP metrics, which also serves {@code /health} without client certificates).
 * Data dirs and logs live in a temp dir removed by {@link #close()}.
 */
public final class LocalEtcdCluster implements AutoCloseable {
    private static final int CLIENT_PORT = 2379;
    private static final int PEER_PORT = 2380;
    private static final int METRICS_PORT = 2381;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path binary;
    private final Path workDir;
    private final List<LocalEtcdMember> members;
    private final Optional<EtcdTlsFiles> tls;
    private final Process[] processes;
    private final String token;
    private final Duration startTimeout;
    private boolean formed;

    private LocalEtcdCluster(Builder b, Path workDir, int block) {
        this.binary = b.binary;
        this.workDir = workDir;
        this.tls = Optional.ofNullable(b.tls);
        this.token = "gardenos-test-" + block;
        this.startTimeout = b.startTimeout;
        String scheme = tls.isPresent() ? "https" : "http";
        List<LocalEtcdMember> list = new ArrayList<>();
        for (int i = 0; i < b.size; i++) {
            String name = "etcd-" + (i + 1);
            list.add(new LocalEtcdMember(i, name, "127.0." + block + "." + (11 + i), CLIENT_PORT, PEER_PORT,
                    METRICS_PORT, workDir.resolve(name + ".data"), workDir.resolve(name + ".log"), scheme));
        }
        this.members = List.copyOf(list);
        this.processes = new Process[b.size];
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private int size = 3;
        private EtcdTlsFiles tls;
        private Path binary = EtcdPrerequisites.ETCD;
        private Duration startTimeout = Duration.ofSeconds(30);

        public Builder members(int n) {
            if (n < 1 || n > 9) {
                throw new IllegalArgumentException("1..9 members, got " + n);
            }
            this.size = n;
            return this;
        }

        /** Serve clients and peers over TLS with client-certificate auth on both. */
        public Builder tls(EtcdTlsFiles files) {
            this.tls = files;
            return this;
        }

        public Builder binary(Path etcd) {
            this.binary = etcd;
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** Picks a free loopback block and creates the work dir; nothing runs until {@link #start()}. */
        public LocalEtcdCluster build() {
            try {
                Path dir = Files.createTempDirectory("gardenos-etcd-");
                return new LocalEtcdCluster(this, dir, freeBlock(size));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Starts every member at once (a new cluster waits for its peers) and waits until each reports healthy. */
    public LocalEtcdCluster start() {
        for (LocalEtcdMember m : members) {
            launch(m, formed ? "existing" : "new");
        }
        awaitHealthy(startTimeout);
        formed = true;
        return this;
    }

    public List<LocalEtcdMember> members() {
        return members;
    }

    public LocalEtcdMember member(int index) {
        return members.get(index);
    }

    public boolean tls() {
        return tls.isPresent();
    }

    /** Client URLs with scheme, e.g. {@code https://127.0.142.11:2379}. */
    public List<URI> endpoints() {
        return members.stream().map(LocalEtcdMember::clientUrl).toList();
    }

    public String endpointsCsv() {
        return endpoints().stream().map(URI::toString).collect(Collectors.joining(","));
    }

    /** {@code etcd-1=https://127.0.B.11:2380,...} */
    public String initialCluster() {
        return members.stream().map(m -> m.name() + "=" + m.peerUrl()).collect(Collectors.joining(","));
    }

    public boolean isRunning(int index) {
        Process p = processes[index];
        return p != null && p.isAlive();
    }

    /** Graceful stop (SIGTERM), waits for the process to exit. */
    public void stop(int index) {
        end(index, false);
    }

    /** Hard kill (SIGKILL), as a crashed machine would. */
    public void kill(int index) {
        end(index, true);
    }

    /**
     * Starts one stopped member and waits until its client port accepts connections (not until it is healthy: a
     * member started alone in a cluster without quorum never is). A member whose data dir was wiped starts with
     * {@code initial-cluster-state existing}: it must have been added back with MemberAdd first.
     */
    public void start(int index) {
        if (isRunning(index)) {
            throw new IllegalStateException(members.get(index).name() + " is already running");
        }
        LocalEtcdMember m = members.get(index);
        launch(m, formed ? "existing" : "new");
        Poll.until(m.name() + " client port", startTimeout, Duration.ofMillis(50), () -> {
            boolean open = accepts(m.address(), m.clientPort());
            if (!open) {
                checkAlive(m);
            }
            return open;
        }, Boolean::booleanValue, open -> new IllegalStateException(m.name() + " did not open its client port in "
                + startTimeout + "; log tail:\n" + logTail(m)));
    }

    /** Deletes a stopped member's data dir (a wiped disk). */
    public void wipe(int index) {
        if (isRunning(index)) {
            throw new IllegalStateException(members.get(index).name() + " must be stopped before its data is wiped");
        }
        deleteTree(members.get(index).dataDir());
    }

    /** Waits until every running member's {@code /health} says true; fails with the members' log tails. */
    public void awaitHealthy(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (LocalEtcdMember m : members) {
            if (!isRunning(m.index())) {
                continue;
            }
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            Poll.until(m.name() + " healthy", left, Duration.ofMillis(100), () -> {
                boolean healthy = healthy(http, m);
                if (!healthy) {
                    checkAlive(m);
                }
                return healthy;
            }, Boolean::booleanValue, healthy -> new IllegalStateException("etcd cluster not healthy after "
                    + timeout + "; " + m.name() + " log tail:\n" + logTail(m)));
        }
    }

    public String logTail(LocalEtcdMember m) {
        try {
            if (!Files.exists(m.logFile())) {
                return "(no log)";
            }
            List<String> lines = Files.readAllLines(m.logFile());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    public Path workDir() {
        return workDir;
    }

    @Override
    public void close() {
        for (int i = 0; i < processes.length; i++) {
            end(i, true);
        }
        deleteTree(workDir);
    }

    private void launch(LocalEtcdMember m, String state) {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(),
                "--name", m.name(),
                "--data-dir", m.dataDir().toString(),
                "--listen-client-urls", m.clientUrl().toString(),
                "--advertise-client-urls", m.clientUrl().toString(),
                "--listen-peer-urls", m.peerUrl().toString(),
                "--initial-advertise-peer-urls", m.peerUrl().toString(),
                "--listen-metrics-urls", "http://" + m.address() + ":" + m.metricsPort(),
                "--initial-cluster", initialCluster(),
                "--initial-cluster-state", state,
                "--initial-cluster-token", token,
                "--logger", "zap",
                "--log-outputs", "stderr"));
        tls.ifPresent(t -> {
            EtcdTlsFiles.CertAndKey ck = t.member(m.name(), m.address());
            cmd.addAll(List.of(
                    "--cert-file", ck.cert().toString(), "--key-file", ck.key().toString(),
                    "--trusted-ca-file", t.trustedCa().toString(), "--client-cert-auth",
                    "--peer-cert-file", ck.cert().toString(), "--peer-key-file", ck.key().toString(),
                    "--peer-trusted-ca-file", t.trustedCa().toString(), "--peer-client-cert-auth"));
        });
        try {
            processes[m.index()] = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(m.logFile().toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary + " for " + m.name(), e);
        }
    }

    private void end(int index, boolean force) {
        Process p = processes[index];
        if (p == null) {
            return;
        }
        if (force) {
            p.destroyForcibly();
        } else {
            p.destroy();
        }
        try {
            if (!p.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        processes[index] = null;
    }

    private void checkAlive(LocalEtcdMember m) {
        Process p = processes[m.index()];
        if (p != null && !p.isAlive()) {
            throw new IllegalStateException(m.name() + " exited with " + p.exitValue() + "; log tail:\n" + logTail(m));
        }
    }

    private static boolean healthy(HttpClient http, LocalEtcdMember m) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(m.healthUrl()).timeout(Duration.ofSeconds(2))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().replace(" ", "").contains("\"health\":\"true\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean accepts(String address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A third octet whose addresses .11.. have all three ports free right now. */
    static int freeBlock(int size) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int block = 100 + RANDOM.nextInt(100);
            if (blockFree(block, size)) {
                return block;
            }
        }
        throw new IllegalStateException("no free loopback block 127.0.100-199.x for etcd after 50 attempts");
    }

    private static boolean blockFree(int block, int size) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < size; i++) {
                InetAddress a = InetAddress.getByName("127.0." + block + "." + (11 + i));
                for (int port : new int[] {CLIENT_PORT, PEER_PORT, METRICS_PORT}) {
                    ServerSocket s = new ServerSocket();
                    held.add(s);
                    s.bind(new InetSocketAddress(a, port));
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // probing only
                }
            }
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
