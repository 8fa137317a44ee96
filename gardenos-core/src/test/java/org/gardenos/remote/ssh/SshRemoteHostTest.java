package org.gardenos.remote.ssh;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.SshSettings;
import org.gardenos.logging.SecretRedactor;
import org.gardenos.remote.CommandResult;
import org.gardenos.remote.RemoteCommandException;
import org.gardenos.remote.RemoteException;
import org.gardenos.remote.RemoteHost;
import org.gardenos.remote.ShellQuoting;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands and transfers over one real OpenSSH connection (loopback sshd, root login). */
class SshRemoteHostTest {
    @TempDir
    static Path tmp;
    static LoopbackSshd sshd;
    static SshSettings settings;
    static HostSpec h1;
    static SshRemoteHostConnector connector;
    static RemoteHost remote;

    @BeforeAll
    static void startSshd() throws Exception {
        sshd = LoopbackSshd.start(tmp.resolve("sshd"), LoopbackSshd.DEFAULT_ADDRESS, "ed25519");
        Path key = SshFixtures.authorizedKey(sshd, tmp.resolve("client"), "id_ed25519", "ed25519", "");
        settings = SshFixtures.settings(sshd, key, SshFixtures.knownHostsTrusting(tmp.resolve("known_hosts"), sshd, "ed25519"));
        h1 = SshFixtures.host("h1", sshd.address());
        connector = new SshRemoteHostConnector(settings, HostKeyPolicy.STRICT, name -> null);
        remote = connector.connect(h1);
    }

    @AfterAll
    static void stop() {
        if (connector != null) {
            connector.close();
        }
        if (sshd != null) {
            sshd.close();
        }
    }

    @Test
    void probeAllAnswersInOneSessionWhatTheSingleCallsAnswer() throws Exception {
        Path file = Files.write(tmp.resolve("probed"), new byte[] {'a', (byte) 0xff, '\n', 'b'});
        String failing = "echo out; echo err >&2; exit 3";
        String missing = tmp.resolve("no-such-file").toString();
        List<org.gardenos.remote.Probe> probes = List.of(org.gardenos.remote.Probe.command(failing),
                org.gardenos.remote.Probe.read(file.toString()), org.gardenos.remote.Probe.read(missing));
        SshRemoteHost ssh = (SshRemoteHost) remote;
        int before = ssh.sessionsOpened();

        var answers = remote.probeAll(probes);

        assertThat(ssh.sessionsOpened() - before).isEqualTo(1);
        assertThat(answers.get(probes.get(0)).result()).isEqualTo(remote.exec(failing));
        assertThat(answers.get(probes.get(1)).asFileContent().orElseThrow()).isEqualTo(remote.read(file.toString()).orElseThrow());
        assertThat(answers.get(probes.get(2)).asFileContent()).isEmpty().isEqualTo(remote.read(missing));
    }

    @Test
    void execReturnsExitCodeStdoutAndStderr() {
        CommandResult r = remote.exec("echo out; echo err >&2; exit 3");

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("out\n");
        assertThat(r.stderr()).isEqualTo("err\n");
        assertThat(r.host()).isEqualTo("h1");
        assertThat(r.command()).isEqualTo("echo out; echo err >&2; exit 3");
        assertThat(r.ok()).isFalse();
        assertThatThrownBy(r::requireOk).isInstanceOf(RemoteCommandException.class)
                .hasMessage("h1: command `echo out; echo err >&2; exit 3` exited 3: err");
    }

    @Test
    void commandsRunAsRootUnderPosixSh() {
        assertThat(remote.exec("id -u; echo $0").stdout()).isEqualTo("0\nsh\n");
        assertThat(remote.name()).isEqualTo("h1");
        assertThat(remote.address()).isEqualTo(sshd.address());
    }

    @Test
    void quotingInsideCommandsSurvivesTheWrapping() {
        String value = "it's $HOME `id` \"q\" \\ ; * end";
        assertThat(remote.exec("printf %s " + ShellQuoting.quote(value)).stdout()).isEqualTo(value);
    }

    @Test
    void stdinReachesTheCommandAndEndsWithEof() throws Exception {
        assertThat(remote.exec("cat", "secret on stdin\n".getBytes(UTF_8)).stdout()).isEqualTo("secret on stdin\n");
        assertThat(remote.exec("cat").stdout()).isEmpty(); // no stdin given: EOF at once, cat does not hang

        byte[] big = new byte[3 * 1024 * 1024];
        new SecureRandom().nextBytes(big);
        assertThat(remote.exec("sha256sum", big).stdout()).startsWith(sha256Hex(big) + " ");
    }

    @Test
    void largeStdoutAndStderrAreReadTogether() {
        CommandResult r = remote.exec("head -c 2000000 /dev/zero | tr '\\0' e >&2; head -c 3000000 /dev/zero | tr '\\0' o");
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).hasSize(3_000_000).matches("o+");
        assertThat(r.stderr()).hasSize(2_000_000);
    }

    @Test
    void commandThatIgnoresItsStdinStillReportsItsExit() {
        byte[] lots = new byte[5 * 1024 * 1024];
        assertThat(remote.exec("exit 7", lots).exitCode()).isEqualTo(7);
        assertThat(remote.exec("echo still usable").stdout()).isEqualTo("still usable\n");
    }

    @Test
    void manyConcurrentCommandsShareOneConnection() throws Exception {
        long loginsBefore = sshd.acceptedLogins();
        long disconnectsBefore = sshd.disconnects();
        try (SshRemoteHostConnector own = new SshRemoteHostConnector(settings, HostKeyPolicy.STRICT, name -> null)) {
            RemoteHost host = own.connect(h1);
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Future<CommandResult>> results = new ArrayList<>();
                for (int i = 0; i < 32; i++) {
                    String command = "sleep 0.2; echo " + i;
                    results.add(pool.submit(() -> host.exec(command)));
                }
                for (int i = 0; i < results.size(); i++) {
                    CommandResult r = results.get(i).get();
                    assertThat(r.exitCode()).as(r.stderr()).isZero();
                    assertThat(r.stdout()).isEqualTo(i + "\n");
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(own.connect(h1)).isSameAs(host);
        }
        SshFixtures.awaitDisconnectsAbove(sshd, disconnectsBefore);
        assertThat(sshd.acceptedLogins() - loginsBefore).as("logins for 32 commands on 16 threads").isEqualTo(1);
    }

    @Test
    void theConnectionSendsKeepAlives() {
        var keepAlive = ((SshRemoteHost) remote).liveClient().getConnection().getKeepAlive();
        assertThat(keepAlive).isInstanceOf(net.schmizz.keepalive.KeepAliveRunner.class);
        assertThat(keepAlive.getKeepAliveInterval()).isEqualTo(SshDialer.KEEP_ALIVE_SECONDS);
        assertThat(keepAlive.isAlive()).as("keep-alive thread running").isTrue();
    }

    @Test
    void connectTwiceAnswersTheSameLiveHost() {
        assertThat(connector.connect(h1)).isSameAs(remote);
        assertThat(((SshRemoteHost) remote).isConnected()).isTrue();
    }

    @Test
    void aDeadConnectionIsReplacedOnTheNextConnect() throws Exception {
        try (LoopbackSshd own = LoopbackSshd.start(tmp.resolve("sshd-drop"), LoopbackSshd.DEFAULT_ADDRESS, "ed25519")) {
            Path key = SshFixtures.authorizedKey(own, tmp.resolve("client-drop"), "id", "ed25519", "");
            SshSettings s = SshFixtures.settings(own, key,
                    SshFixtures.knownHostsTrusting(tmp.resolve("kh-drop"), own, "ed25519"));
            try (SshRemoteHostConnector c = new SshRemoteHostConnector(s, HostKeyPolicy.STRICT, name -> null)) {
                SshRemoteHost host = (SshRemoteHost) c.connect(h1);
                assertThat(host.exec("echo one").stdout()).isEqualTo("one\n");

                own.dropConnections(); // the server side of the connection dies
                assertThat(SshFixtures.eventually(() -> !host.isConnected())).as("client noticed the dead connection").isTrue();

                assertThat(c.connect(h1)).isSameAs(host);
                assertThat(host.isConnected()).isTrue();
                assertThat(host.exec("echo two").stdout()).isEqualTo("two\n");
            }
            SshFixtures.awaitDisconnectsAbove(own, 0);
            assertThat(own.acceptedLogins()).isEqualTo(2);
        }
    }

    @Test
    void aCommandOverItsTimeoutIsStoppedOnTheHostAndFailsWithOneLine() throws Exception {
        SshSettings quick = new SshSettings("root", settings.port(), settings.privateKey(), settings.knownHosts(),
                settings.connectTimeout(), Duration.ofSeconds(2));
        Path pidFile = tmp.resolve("slow.pid");
        try (SshRemoteHostConnector c = new SshRemoteHostConnector(quick, HostKeyPolicy.STRICT, name -> null)) {
            RemoteHost host = c.connect(h1);
            String command = "sleep 60 & echo $! > " + pidFile + "; wait";
            assertThatThrownBy(() -> host.exec(command))
                    .isInstanceOf(RemoteException.class)
                    .hasMessage("h1: command `" + command + "` did not finish within 2 s (ssh.commandTimeout)");
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            assertThat(SshFixtures.eventually(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)))
                    .as("the command's child process was killed on the host").isTrue();
            assertThat(host.exec("echo alive").stdout()).isEqualTo("alive\n");
        }
    }

    @Test
    void uploadCreatesParentsSetsModeAndOwnerAndLeavesNoTempFile() throws Exception {
        Path target = tmp.resolve("up/a/b/c/settings.conf");
        remote.upload(target.toString(), "key=value\n".getBytes(UTF_8), 0640, "nobody:nogroup");

        assertThat(Files.readString(target)).isEqualTo("key=value\n");
        PosixFileAttributes attrs = Files.readAttributes(target, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        assertThat(PosixFilePermissions.toString(attrs.permissions())).isEqualTo("rw-r-----");
        assertThat(attrs.owner().getName()).isEqualTo("nobody");
        assertThat(attrs.group().getName()).isEqualTo("nogroup");
        assertThat(names(target.getParent())).containsExactly("settings.conf");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("up/a/b"))))
                .as("created parents are traversable (umask 022), not 0700").isEqualTo("rwxr-xr-x");
    }

    @Test
    void aLocalFileIsStreamedAsItsUpload() throws Exception {
        byte[] big = new byte[3 << 20];
        new java.util.Random(13).nextBytes(big);
        Path local = Files.write(tmp.resolve("local-etcd"), big);
        Path target = tmp.resolve("streamed/etcd");

        remote.upload(target.toString(), local, 0755, "root:root");

        assertThat(Files.readAllBytes(target)).isEqualTo(big);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rwxr-xr-x");
        assertThat(names(target.getParent())).containsExactly("etcd");
    }

    @Test
    void uploadOverwritesAndAcceptsBinaryContent() throws Exception {
        Path target = tmp.resolve("over/blob.bin");
        remote.upload(target.toString(), "first version, longer than the second".getBytes(UTF_8), 0600, "root");
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        remote.upload(target.toString(), binary, 0644, "root:root");

        assertThat(Files.readAllBytes(target)).isEqualTo(binary);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-r--r--");
        assertThat(names(target.getParent())).containsExactly("blob.bin");
    }

    /** Readers racing with uploads only ever see one whole version: the rename is atomic. */
    @Test
    void readersNeverSeeAHalfWrittenUpload() throws Exception {
        Path target = tmp.resolve("atomic/data");
        byte[] a = new byte[600_000];
        byte[] b = new byte[600_000];
        Arrays.fill(a, (byte) 'a');
        Arrays.fill(b, (byte) 'b');
        remote.upload(target.toString(), a, 0644, "root");

        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<CommandResult> readers = pool.submit(() -> remote.exec(
                    "for i in $(seq 150); do sha256sum < " + ShellQuoting.quote(target.toString()) + "; done"));
            for (int i = 0; i < 6; i++) {
                remote.upload(target.toString(), i % 2 == 0 ? b : a, 0644, "root");
            }
            Set<String> seen = readers.get().stdout().lines().map(l -> l.split(" ")[0]).collect(Collectors.toSet());
            assertThat(seen).isNotEmpty().isSubsetOf(sha256Hex(a), sha256Hex(b));
        } finally {
            pool.shutdownNow();
        }
        assertThat(names(target.getParent())).containsExactly("data");
    }

    @Test
    void aFailedUploadNamesHostAndPathKeepsTheOldFileAndRemovesItsTempFile() throws Exception {
        Path target = tmp.resolve("failed/file");
        remote.upload(target.toString(), "old".getBytes(UTF_8), 0644, "root");

        assertThatThrownBy(() -> remote.upload(target.toString(), "new".getBytes(UTF_8), 0644, "no-such-user-gardenos"))
                .isInstanceOf(RemoteCommandException.class)
                .hasMessageStartingWith("h1: command `upload " + target + " (3 bytes, mode 0644, owner no-such-user-gardenos)` exited 1: ")
                .hasMessageContaining("no-such-user-gardenos");
        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(names(target.getParent())).containsExactly("file");
    }

    @Test
    void readAnswersContentOrEmpty() throws Exception {
        byte[] binary = new byte[4096];
        new SecureRandom().nextBytes(binary);
        Path file = Files.write(tmp.resolve("read-me"), binary);

        assertThat(remote.read(file.toString())).hasValueSatisfying(v -> assertThat(v).isEqualTo(binary));
        assertThat(remote.read(tmp.resolve("no-such-file").toString())).isEqualTo(Optional.empty());
        assertThat(remote.read(Files.writeString(tmp.resolve("empty"), "").toString()))
                .hasValueSatisfying(v -> assertThat(v).isEmpty());
        assertThatThrownBy(() -> remote.read(tmp.toString()))
                .isInstanceOf(RemoteCommandException.class).hasMessageContaining("Is a directory");
    }

    @Test
    void registeredSecretsAreRedactedInTheLogAndInStderrButNotInStdout() throws Exception {
        String secret = "tok-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        SecretRedactor.global().register(secret);
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        CommandResult r;
        System.setErr(new PrintStream(captured, true, UTF_8));
        try {
            r = remote.exec("echo " + secret + "; echo " + secret + " >&2");
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(UTF_8);

        assertThat(log).as("the command log was written").contains("h1: $ echo ***; echo *** >&2")
                .contains("stdout: ***").contains("stderr: ***");
        assertThat(log).doesNotContain(secret);
        assertThat(r.command()).isEqualTo("echo ***; echo *** >&2");
        assertThat(r.stderr()).isEqualTo("***\n");
        assertThat(r.stdout()).as("stdout is data for the caller").isEqualTo(secret + "\n");
    }

    @Test
    void readAndUploadContentsAreNeverLogged() throws Exception {
        String content = "content-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        Path file = tmp.resolve("quiet/file");
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, UTF_8));
        try {
            remote.upload(file.toString(), content.getBytes(UTF_8), 0600, "root");
            assertThat(remote.read(file.toString())).hasValueSatisfying(v -> assertThat(new String(v, UTF_8)).isEqualTo(content));
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(UTF_8);
        assertThat(log).contains("upload " + file).contains("read " + file).contains("bytes, not logged");
        assertThat(log).doesNotContain(content);
    }

    @Test
    void aClosedHostRefusesWorkAndConnectOpensANewOne() {
        try (SshRemoteHostConnector c = new SshRemoteHostConnector(settings, HostKeyPolicy.STRICT, name -> null)) {
            RemoteHost first = c.connect(h1);
            first.close();
            assertThatThrownBy(() -> first.exec("true")).isInstanceOf(RemoteException.class)
                    .hasMessageContaining("h1: the connection to " + sshd.address() + " was closed");
            RemoteHost second = c.connect(h1);
            assertThat(second).isNotSameAs(first);
            assertThat(second.exec("echo ok").stdout()).isEqualTo("ok\n");
        }
    }

    @Test
    void closingTheConnectorClosesItsConnections() {
        SshRemoteHostConnector c = new SshRemoteHostConnector(settings, HostKeyPolicy.STRICT, name -> null);
        SshRemoteHost host = (SshRemoteHost) c.connect(h1);
        assertThat(host.isConnected()).isTrue();
        c.close();
        assertThat(host.isConnected()).isFalse();
        assertThatThrownBy(() -> c.connect(h1)).isInstanceOf(IllegalStateException.class);
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static String sha256Hex(byte[] data) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
    }
}
