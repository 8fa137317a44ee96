package org.gardenos.remote.ssh;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.gardenos.testsupport.Prerequisites;

/**
 * A real OpenSSH server on a loopback address for tests: host keys made by ssh-keygen in a temp directory, its own
 * sshd_config (authorized keys in a temp file, no PAM, no StrictModes), run as {@code /usr/sbin/sshd -D -e} child
 * process and stopped by {@link #close()} together with its per-connection children. Needs root (sshd's privilege
 * separation) and openssh-server: otherwise the test is skipped (failed when CI=true).
 */
final class LoopbackSshd implements AutoCloseable {
    static final Path SSHD = Path.of("/usr/sbin/sshd");
    static final Path SSH_KEYGEN = Path.of("/usr/bin/ssh-keygen");
    /**
     * Default listen address; distinct from the addresses the etcd and postgres tests use (127.0.0.1x, 2x).
     * The SSH tests also use 127.0.0.62 (a second host) and 127.0.0.63 (connect failures, no sshd).
     */
    static final String DEFAULT_ADDRESS = "127.0.0.61";

    private final Path dir;
    private final String address;
    private final int port;
    private final Process process;
    private final List<String> log = new CopyOnWriteArrayList<>();

    private LoopbackSshd(Path dir, String address, int port, Process process) {
        this.dir = dir;
        this.address = address;
        this.port = port;
        this.process = process;
    }

    static void requirePrerequisites() {
        Prerequisites.requireRoot("a real sshd (privilege separation)");
        Prerequisites.requireExecutable(SSHD);
        Prerequisites.requireExecutable(SSH_KEYGEN);
    }

    /** Starts sshd on {@code address} at a free port with host keys of the given types (made once per dir). */
    static LoopbackSshd start(Path dir, String address, String... hostKeyTypes) {
        return startWithConfig(dir, address, "", hostKeyTypes);
    }

    /** As {@link #start(Path, String, String...)} with sshd_config lines added (e.g. {@code KexAlgorithms ...}). */
    static LoopbackSshd startWithConfig(Path dir, String address, String extraConfig, String... hostKeyTypes) {
        requirePrerequisites();
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return start(dir, address, freePort(address), extraConfig, hostKeyTypes);
            } catch (IOException e) {
                last = e; // the port was taken between probing and sshd's bind: try another
            }
        }
        throw new UncheckedIOException(last);
    }

    /** Starts sshd at exactly {@code port} (to play "the same host with another key"). */
    static LoopbackSshd start(Path dir, String address, int port, String... hostKeyTypes) throws IOException {
        return start(dir, address, port, "", hostKeyTypes);
    }

    private static LoopbackSshd start(Path dir, String address, int port, String extraConfig, String... hostKeyTypes)
            throws IOException {
        requirePrerequisites();
        Files.createDirectories(dir);
        // sshd refuses to start without its privilege separation directory (normally made by the service unit)
        Path privsep = Path.of("/run/sshd");
        if (!Files.isDirectory(privsep)) {
            Files.createDirectories(privsep);
        }
        StringBuilder config = new StringBuilder()
                .append("ListenAddress ").append(address).append('\n')
                .append("Port ").append(port).append('\n')
                .append("AuthorizedKeysFile ").append(authorizedKeysOf(dir)).append('\n')
                .append("PidFile ").append(dir.resolve("sshd.pid")).append('\n')
                .append("StrictModes no\nUsePAM no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n")
                .append("PermitRootLogin prohibit-password\nPrintMotd no\nLogLevel INFO\n").append(extraConfig);
        for (String type : hostKeyTypes) {
            Path key = dir.resolve("ssh_host_" + type + "_key");
            if (!Files.exists(key)) {
                run(SSH_KEYGEN.toString(), "-q", "-t", type, "-N", "", "-C", "", "-f", key.toString());
            }
            config.append("HostKey ").append(key).append('\n');
        }
        if (!Files.exists(authorizedKeysOf(dir))) {
            Files.createFile(authorizedKeysOf(dir));
        }
        Path configFile = dir.resolve("sshd_config");
        Files.writeString(configFile, config.toString());
        Process process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", configFile.toString())
                .redirectErrorStream(true).start();
        LoopbackSshd sshd = new LoopbackSshd(dir, address, port, process);
        CountDownLatch listening = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    sshd.log.add(line);
                    if (line.startsWith("Server listening on")) {
                        listening.countDown();
                    }
                }
            } catch (IOException e) {
                sshd.log.add("(log reader: " + e + ")");
            }
            listening.countDown();
        }, "sshd-log-" + port);
        reader.setDaemon(true);
        reader.start();
        try {
            if (!listening.await(20, TimeUnit.SECONDS) || !process.isAlive()) {
                sshd.close();
                throw new IOException("sshd did not start on " + address + ":" + port + ": " + sshd.log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sshd.close();
            throw new IOException("interrupted", e);
        }
        return sshd;
    }

    String address() {
        return address;
    }

    int port() {
        return port;
    }

    Path dir() {
        return dir;
    }

    /** The host's public key line ({@code type base64}) of the given type. */
    String hostPublicKey(String type) throws IOException {
        String[] words = Files.readString(dir.resolve("ssh_host_" + type + "_key.pub")).trim().split("\\s+");
        return words[0] + " " + words[1];
    }

    /** {@code SHA256:...} of a host key, as OpenSSH's own ssh-keygen computes it. */
    String hostFingerprint(String type) {
        return fingerprintOf(dir.resolve("ssh_host_" + type + "_key.pub"));
    }

    /** A known_hosts line for this server's key of {@code type}, written by hand the way OpenSSH writes it. */
    String knownHostsLine(String type) throws IOException {
        return "[" + address + "]:" + port + " " + hostPublicKey(type);
    }

    /** Lets the key whose public half is {@code publicKeyFile} log in as any user (root in these tests). */
    void authorize(Path publicKeyFile) throws IOException {
        Files.writeString(authorizedKeysOf(dir), Files.readString(publicKeyFile).trim() + "\n",
                StandardOpenOption.APPEND);
    }

    /** Lines sshd logged so far. */
    List<String> log() {
        return List.copyOf(log);
    }

    /** How many SSH logins sshd accepted so far (one per connection). */
    long acceptedLogins() {
        return log.stream().filter(l -> l.startsWith("Accepted publickey")).count();
    }

    /** How many SSH connections ended after a login so far. */
    long disconnects() {
        return log.stream().filter(l -> l.startsWith("Disconnected from user")).count();
    }

    /** Kills the per-connection sshd processes (children of ours): every client connection dies, sshd stays. */
    void dropConnections() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public void close() {
        List<ProcessHandle> children = new ArrayList<>(process.descendants().toList());
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    /** Generates a client key pair with ssh-keygen; {@code extra} e.g. "-m", "PEM" or "-b", "384". */
    static Path clientKey(Path dir, String name, String type, String passphrase, String... extra) throws IOException {
        Files.createDirectories(dir);
        Path key = dir.resolve(name);
        List<String> cmd = new ArrayList<>(List.of(SSH_KEYGEN.toString(), "-q", "-t", type, "-N", passphrase,
                "-C", name, "-f", key.toString()));
        cmd.addAll(List.of(extra));
        run(cmd.toArray(String[]::new));
        return key;
    }

    static String fingerprintOf(Path publicKeyFile) {
        String out = run(SSH_KEYGEN.toString(), "-l", "-E", "sha256", "-f", publicKeyFile.toString());
        return out.trim().split("\\s+")[1];
    }

    static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path authorizedKeysOf(Path dir) {
        return dir.resolve("authorized_keys");
    }

    private static int freePort(String address) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
            return s.getLocalPort();
        }
    }
}
