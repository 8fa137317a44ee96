package org.gardenos.remote.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.SshSettings;
import org.gardenos.remote.ssh.HostKeyRejectedException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host key checks against a real sshd: unknown, changed, recorded, hashed. Host keys are never skipped. */
class HostKeyVerificationTest {
    @TempDir
    Path tmp;
    LoopbackSshd sshd;
    Path key;
    HostSpec h1;

    @BeforeEach
    void start() throws Exception {
        sshd = LoopbackSshd.start(tmp.resolve("sshd"), LoopbackSshd.DEFAULT_ADDRESS, "ed25519");
        key = SshFixtures.authorizedKey(sshd, tmp.resolve("client"), "id_ed25519", "ed25519", "");
        h1 = SshFixtures.host("h1", sshd.address());
    }

    @AfterEach
    void stop() {
        sshd.close();
    }

    @Test
    void anUnknownHostIsRefusedUnderStrictWithTheFingerprintSeen() throws Exception {
        Path knownHosts = tmp.resolve("no-such-dir/known_hosts");
        try (SshRemoteHostConnector c = connector(knownHosts, HostKeyPolicy.STRICT)) {
            HostKeyRejectedException e = catchThrowableOfType(HostKeyRejectedException.class, () -> c.connect(h1));

            String fingerprint = sshd.hostFingerprint("ed25519");
            assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_HOST);
            assertThat(e.host()).isEqualTo("h1");
            assertThat(e.fingerprint()).isEqualTo(fingerprint).startsWith("SHA256:");
            assertThat(e.getMessage()).startsWith("h1: host key of [" + sshd.address() + "]:" + sshd.port()
                    + " is not in " + knownHosts + " (server offered ssh-ed25519 " + fingerprint + ")");
            assertThat(e.getMessage()).doesNotContain("\n");
        }
        assertThat(knownHosts).doesNotExist();
        assertThat(sshd.acceptedLogins()).isZero();
    }

    @Test
    void acceptNewTrustsAndRecordsANewHostWhichStrictThenAccepts() throws Exception {
        Path knownHosts = tmp.resolve("dot-ssh/known_hosts");
        try (SshRemoteHostConnector c = connector(knownHosts, HostKeyPolicy.ACCEPT_NEW)) {
            assertThat(c.connect(h1).exec("echo in").stdout()).isEqualTo("in\n");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(knownHosts))).isEqualTo("rw-------");
        assertThat(Files.readAllLines(knownHosts)).containsExactly(sshd.knownHostsLine("ed25519"));

        try (SshRemoteHostConnector c = connector(knownHosts, HostKeyPolicy.STRICT)) {
            assertThat(c.connect(h1).exec("echo again").stdout()).isEqualTo("again\n");
        }
        assertThat(Files.readAllLines(knownHosts)).as("nothing recorded twice").hasSize(1);
    }

    /** The entry we write must satisfy OpenSSH itself, with strict checking on. */
    @Test
    void theRecordedEntryIsAcceptedByTheOpenSshClient() throws Exception {
        Path ssh = Path.of("/usr/bin/ssh");
        org.gardenos.testsupport.Prerequisites.requireExecutable(ssh);
        Path knownHosts = tmp.resolve("known_hosts");
        try (SshRemoteHostConnector c = connector(knownHosts, HostKeyPolicy.ACCEPT_NEW)) {
            c.connect(h1);
        }
        String out = LoopbackSshd.run(ssh.toString(), "-F", "/dev/null", "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + knownHosts,
                "-o", "GlobalKnownHostsFile=/dev/null", "-i", key.toString(), "-p", String.valueOf(sshd.port()),
                "root@" + sshd.address(), "echo openssh-ok");
        assertThat(out).contains("openssh-ok");
    }

    @Test
    void aChangedKeyIsRefusedEvenUnderAcceptNewAndTheFileIsLeftAlone() throws Exception {
        Path knownHosts = tmp.resolve("known_hosts");
        try (SshRemoteHostConnector c = connector(knownHosts, HostKeyPolicy.ACCEPT_NEW)) {
            c.connect(h1);
        }
        String recorded = Files.readString(knownHosts);
        String oldFingerprint = sshd.hostFingerprint("ed25519");
        int port = sshd.port();
        sshd.close();
        // the same address and port now answered by a server with another ed25519 key: a reinstall or an attacker
        sshd = LoopbackSshd.start(tmp.resolve("impostor"), LoopbackSshd.DEFAULT_ADDRESS, port, "ed25519");
        sshd.authorize(key.resolveSibling("id_ed25519.pub"));
        String newFingerprint = sshd.hostFingerprint("ed25519");
        assertThat(newFingerprint).isNotEqualTo(oldFingerprint);

        try (SshRemoteHostConnector c = connector(knownHosts, HostKeyPolicy.ACCEPT_NEW)) {
            HostKeyRejectedException e = catchThrowableOfType(HostKeyRejectedException.class, () -> c.connect(h1));

            assertThat(e.reason()).isEqualTo(Reason.CHANGED_KEY);
            assertThat(e.fingerprint()).isEqualTo(newFingerprint);
            assertThat(e.getMessage()).startsWith("h1: host key of [" + sshd.address() + "]:" + port
                    + " CHANGED: server offered ssh-ed25519 " + newFingerprint + ", " + knownHosts
                    + " has ssh-ed25519 " + oldFingerprint + "; refusing to connect");
            assertThat(e.getMessage()).doesNotContain("\n");
        }
        assertThat(Files.readString(knownHosts)).isEqualTo(recorded);
        assertThat(sshd.acceptedLogins()).isZero();
    }

    /** sshj alone would see an ed25519 key for a host known only by its RSA key as "new": we call it changed. */
    @Test
    void aKeyOfAnotherTypeForAKnownHostIsAChangedKey() throws Exception {
        Path other = LoopbackSshd.clientKey(tmp.resolve("other"), "other_rsa", "rsa", "", "-b", "2048");
        String[] words = Files.readString(other.resolveSibling("other_rsa.pub")).trim().split("\\s+");
        Path knownHosts = Files.writeString(tmp.resolve("known_hosts"),
                "[" + sshd.address() + "]:" + sshd.port() + " " + words[0] + " " + words[1] + "\n");
        String before = Files.readString(knownHosts);

        try (SshRemoteHostConnector c = connector(knownHosts, HostKeyPolicy.ACCEPT_NEW)) {
            HostKeyRejectedException e = catchThrowableOfType(HostKeyRejectedException.class, () -> c.connect(h1));
            assertThat(e.reason()).isEqualTo(Reason.CHANGED_KEY);
            assertThat(e.getMessage()).contains("has ssh-rsa " + LoopbackSshd.fingerprintOf(other.resolveSibling("other_rsa.pub")));
        }
        assertThat(Files.readString(knownHosts)).isEqualTo(before);
    }

    @Test
    void hashedEntriesWrittenByOpenSshAreHonoured() throws Exception {
        Path knownHosts = SshFixtures.knownHostsTrusting(tmp.resolve("known_hosts"), sshd, "ed25519");
        LoopbackSshd.run(LoopbackSshd.SSH_KEYGEN.toString(), "-H", "-f", knownHosts.toString());
        assertThat(Files.readString(knownHosts)).startsWith("|1|").doesNotContain(sshd.address());

        try (SshRemoteHostConnector c = connector(knownHosts, HostKeyPolicy.STRICT)) {
            assertThat(c.connect(h1).exec("echo hashed").stdout()).isEqualTo("hashed\n");
        }
    }

    @Test
    void acceptNewAppendsAHashedEntryToAHashedFileThatOpenSshCanFind() throws Exception {
        Path knownHosts = Files.writeString(tmp.resolve("known_hosts"),
                "[127.0.0.99]:2222 " + sshd.hostPublicKey("ed25519")); // no trailing newline, on purpose
        LoopbackSshd.run(LoopbackSshd.SSH_KEYGEN.toString(), "-H", "-f", knownHosts.toString());

        try (SshRemoteHostConnector c = connector(knownHosts, HostKeyPolicy.ACCEPT_NEW)) {
            c.connect(h1);
        }
        List<String> lines = Files.readAllLines(knownHosts);
        assertThat(lines).hasSize(2).allMatch(l -> l.startsWith("|1|"));
        String hostPattern = "[" + sshd.address() + "]:" + sshd.port();
        String found = LoopbackSshd.run(LoopbackSshd.SSH_KEYGEN.toString(), "-F", hostPattern, "-f", knownHosts.toString());
        assertThat(found).contains("Host " + hostPattern + " found").contains(sshd.hostPublicKey("ed25519").split(" ")[1]);

        try (SshRemoteHostConnector c = connector(knownHosts, HostKeyPolicy.STRICT)) {
            assertThat(c.connect(h1).exec("true").exitCode()).isZero();
        }
    }

    @Test
    void everyHostIsVerifiedOnItsOwn() throws Exception {
        Path knownHosts = SshFixtures.knownHostsTrusting(tmp.resolve("known_hosts"), sshd, "ed25519");
        try (LoopbackSshd second = LoopbackSshd.start(tmp.resolve("sshd2"), "127.0.0.62", sshd.port(), "ed25519");
             SshRemoteHostConnector c = connector(knownHosts, HostKeyPolicy.STRICT)) {
            second.authorize(key.resolveSibling("id_ed25519.pub"));
            assertThat(c.connect(h1).exec("true").exitCode()).isZero();
            assertThatThrownBy(() -> c.connect(SshFixtures.host("h2", "127.0.0.62")))
                    .isInstanceOf(HostKeyRejectedException.class)
                    .hasMessageStartingWith("h2: host key of [127.0.0.62]:" + sshd.port() + " is not in ");
            assertThat(c.connect(h1).exec("echo h1-still-fine").stdout()).isEqualTo("h1-still-fine\n");
        }
    }

    private SshRemoteHostConnector connector(Path knownHosts, HostKeyPolicy policy) {
        SshSettings settings = SshFixtures.settings(sshd, key, knownHosts);
        return new SshRemoteHostConnector(settings, policy, name -> null);
    }
}
