package org.gardenos.postgres.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gardenos.testkit.Prerequisites;

/**
 * A real Docker engine for tests: Debian's {@code dockerd} (docker.io) started by the test with its own data-root,
 * exec-root, pidfile and socket under the test's folder, {@code --oom-score-adjust=0} (this machine lacks
 * CAP_SYS_RESOURCE), {@code --iptables=false --bridge=none} (with iptables on, dockerd sets the FORWARD policy to
 * DROP and breaks the testkit's Kubernetes), stopped by {@link #close()}. Images come only from {@code docker import}
 * of a local tar; containers run with {@code --pull=never}, so no registry is ever asked.
 */
public final class DockerEngine implements AutoCloseable {
    public static final Path DOCKERD = Path.of("/usr/sbin/dockerd");
    /** Debian's client; /usr/local/bin may hold another. */
    public static final Path DOCKER = Path.of("/usr/bin/docker");

    private final Path dir;
    private final Process process;

    private DockerEngine(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    /**
     * Root (dockerd), Debian's docker.io, and room for a session keyring per container (runc makes one as root);
     * without them the test is skipped (failed when CI=true) with the reason instead of runc's "unable to join
     * session keyring: ... disk quota exceeded".
     */
    public static void requirePrerequisites() {
        Prerequisites.requireRoot();
        Prerequisites.require(Files.isExecutable(DOCKERD) && Files.isExecutable(DOCKER),
                "Debian's docker.io (/usr/sbin/dockerd, /usr/bin/docker)");
        String maxKeys = rootMaxKeys();
        Prerequisites.require(!tooFewKeys(maxKeys), "kernel.keys.root_maxkeys is " + maxKeys
                + ": runc cannot give a container its session keyring (the kernel's default is 1000000; a test"
                + " cluster's close may have put back a bad recorded value: /run/gardenos-kubernetes/record/sysctls)");
    }

    /**
     * With a test cluster up, waits (bounded) for its kubelets to have raised the root key quota (kubelet sets
     * kernel.keys.root_maxkeys at start; the machine's own value may be too small for runc), then checks as above.
     */
    public static void requirePrerequisitesBesideACluster(Duration wait) throws InterruptedException {
        long end = System.nanoTime() + wait.toNanos();
        String maxKeys = rootMaxKeys();
        while (tooFewKeys(maxKeys) && System.nanoTime() < end) {
            Thread.sleep(1000);
            maxKeys = rootMaxKeys();
        }
        Prerequisites.require(!tooFewKeys(maxKeys), "kernel.keys.root_maxkeys stayed " + maxKeys + " for " + wait
                + " beside a running test cluster: runc cannot give a container its session keyring");
        Prerequisites.requireRoot();
        Prerequisites.require(Files.isExecutable(DOCKERD) && Files.isExecutable(DOCKER),
                "Debian's docker.io (/usr/sbin/dockerd, /usr/bin/docker)");
    }

    private static boolean tooFewKeys(String maxKeys) {
        return maxKeys.matches("[0-9]{1,3}");
    }

    private static String rootMaxKeys() {
        try {
            return org.gardenos.nspawn.kubernetes.MachineCommands.readSysctl("kernel.keys.root_maxkeys");
        } catch (RuntimeException e) {
            return "unreadable (" + e.getMessage() + ")";
        }
    }

    public static DockerEngine start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Process p = new ProcessBuilder(DOCKERD.toString(), "--oom-score-adjust=0", "--iptables=false",
                "--ip-masq=false", "--bridge=none", "--data-root=" + dir.resolve("data"),
                "--exec-root=" + dir.resolve("exec"), "--pidfile=" + dir.resolve("docker.pid"),
                "--host=" + socketUri(dir))
                .redirectErrorStream(true).redirectOutput(dir.resolve("dockerd.log").toFile()).start();
        DockerEngine engine = new DockerEngine(dir, p);
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            if (!p.isAlive()) {
                throw new IOException("dockerd exited: " + Files.readString(dir.resolve("dockerd.log")));
            }
            if (Files.exists(dir.resolve("docker.sock")) && engine.docker(new byte[0], "version").contains("Server")) {
                return engine;
            }
            Thread.sleep(200);
        }
        engine.close();
        throw new IOException("dockerd did not answer within 60 s: " + Files.readString(dir.resolve("dockerd.log")));
    }

    /** {@code unix:///...} of this engine's socket (what {@code docker -H} takes). */
    public String host() {
        return socketUri(dir);
    }

    private static String socketUri(Path dir) {
        return "unix://" + dir.resolve("docker.sock").toAbsolutePath();
    }

    /** Runs the Debian docker client against this engine; stdout as text; fails on a non-zero exit. */
    String docker(byte[] stdin, String... args) throws IOException, InterruptedException {
        return run(stdin, true, args);
    }

    String dockerOrFail(byte[] stdin, String... args) throws IOException, InterruptedException {
        return run(stdin, false, args);
    }

    private String run(byte[] stdin, boolean tolerant, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(DOCKER.toString(), "-H", host()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(stdin);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0 && !tolerant) {
            throw new IOException(String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    /** {@code docker import} of the tar {@code producer} writes on its stdout, with an ENV line. */
    void importImage(List<String> producer, String name, String env) throws IOException, InterruptedException {
        Process source = new ProcessBuilder(producer).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Process imp = new ProcessBuilder(DOCKER.toString(), "-H", host(), "import", "--change", "ENV " + env, "-", name)
                .redirectErrorStream(true).start();
        try (InputStream tar = source.getInputStream(); var out = imp.getOutputStream()) {
            tar.transferTo(out);
        }
        String said = new String(imp.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (source.waitFor() != 0 || imp.waitFor() != 0) {
            throw new IOException("docker import of " + name + " failed: " + said);
        }
    }

    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // containerd and the shims are dockerd's children: stop any it left, by pid
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
