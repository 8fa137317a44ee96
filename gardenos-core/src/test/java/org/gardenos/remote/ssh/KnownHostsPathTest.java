package org.gardenos.remote.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.gardenos.error.InputException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ssh.knownHosts} pointing at something that is not a known_hosts file (GardenOS appends trusted keys to it)
 * is refused in one line before any connection, and the file is left as it was; real known_hosts files (plain, and
 * hashed by OpenSSH's own ssh-keygen -H) connect to a real sshd.
 */
class KnownHostsPathTest {
    @TempDir
    static Path tmp;
    static LoopbackSshd sshd;
    static Path key;

    @BeforeAll
    static void start() throws Exception {
        sshd = LoopbackSshd.start(tmp.resolve("sshd"), LoopbackSshd.DEFAULT_ADDRESS, "ed25519");
        key = SshFixtures.authorizedKey(sshd, tmp.resolve("client"), "id_ed25519", "ed25519", "");
    }

    @AfterAll
    static void stop() {
        if (sshd != null) {
            sshd.close();
        }
    }

    private static void connect(Path knownHosts) {
        try (var connector = new SshRemoteHostConnector(SshFixtures.settings(sshd, key, knownHosts),
                HostKeyPolicy.ACCEPT_NEW, name -> null)) {
            connector.connect(SshFixtures.host("h1", sshd.address())).exec("true").requireOk();
        }
    }

    @Test
    void aPrivateKeyAnSshConfigOrADirectoryIsRefusedInOneLineAndLeftUntouched() throws Exception {
        Path config = Files.writeString(tmp.resolve("config"), "Host *\n    User root\n");
        for (Path wrong : new Path[] {key, config}) {
            byte[] before = Files.readAllBytes(wrong);
            assertThatThrownBy(() -> connect(wrong)).isInstanceOf(InputException.class)
                    .hasMessage("ssh.knownHosts: " + wrong + ":1: not a known_hosts entry (expected 'HOSTS KEY-TYPE"
                            + " BASE64-KEY'), so this is not a known_hosts file; hint: point ssh.knownHosts at an OpenSSH"
                            + " known_hosts file, or at a path that does not exist yet");
            assertThat(Files.readAllBytes(wrong)).isEqualTo(before);
        }
        Path dir = Files.createDirectories(tmp.resolve("a-directory"));
        assertThatThrownBy(() -> connect(dir)).isInstanceOf(InputException.class)
                .hasMessageContaining(dir + " is not a regular file");
    }

    @Test
    void realKnownHostsFilesPlainHashedOrNotYetThereAreAccepted() throws Exception {
        Path plain = SshFixtures.knownHostsTrusting(tmp.resolve("plain_known_hosts"), sshd, "ed25519");
        Files.writeString(plain, "# comment\n\n" + Files.readString(plain));
        connect(plain);

        Path hashed = SshFixtures.knownHostsTrusting(tmp.resolve("hashed_known_hosts"), sshd, "ed25519");
        LoopbackSshd.run(LoopbackSshd.SSH_KEYGEN.toString(), "-H", "-f", hashed.toString());
        assertThat(Files.readString(hashed)).startsWith("|1|");
        connect(hashed);

        Path fresh = tmp.resolve("new_known_hosts");
        connect(fresh);
        assertThat(Files.readString(fresh)).contains("ssh-ed25519");
    }
}
