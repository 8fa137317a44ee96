package org.gardenos.remote.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.Security;
import net.schmizz.sshj.common.SecurityUtils;
import org.gardenos.inventory.HostSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SSH with the JDK's crypto providers ({@link SshAlgorithms}: sshj without BouncyCastle): every host key type and
 * the key exchanges, ciphers and MACs a real OpenSSH server may insist on still connect, verify and run a command.
 * The client keys of every type are {@link ClientKeyAuthTest}'s.
 */
class JdkCryptoSshTest {
    @TempDir
    Path tmp;

    /**
     * Another test of this JVM may have had sshj register BouncyCastle (sshj does so at its first key parse unless
     * told not to); take it out, so that these connections use the JDK's providers as a CLI process does.
     */
    @BeforeAll
    static void withoutBouncyCastle() {
        Security.removeProvider("BC");
        SecurityUtils.setSecurityProvider(null);
    }

    @ParameterizedTest(name = "host key {0}, server config: {1}")
    @CsvSource({
            "ecdsa,   ''",
            "rsa,     ''",
            "ed25519, KexAlgorithms ecdh-sha2-nistp256",
            "ed25519, KexAlgorithms ecdh-sha2-nistp521",
            "ed25519, KexAlgorithms diffie-hellman-group14-sha256",
            "ed25519, KexAlgorithms diffie-hellman-group-exchange-sha256",
            "ed25519, Ciphers aes128-ctr|MACs hmac-sha2-256-etm@openssh.com",
            "ed25519, Ciphers aes256-ctr|MACs hmac-sha2-512",
            "ed25519, 'Ciphers chacha20-poly1305@openssh.com,aes128-gcm@openssh.com'",
    })
    void connectsVerifiesAndRuns(String hostKeyType, String serverConfig) throws Exception {
        // "|" separates sshd_config lines
        String config = serverConfig.isEmpty() ? "" : serverConfig.replace('|', '\n') + "\n";
        try (LoopbackSshd sshd = LoopbackSshd.startWithConfig(tmp.resolve("sshd"), LoopbackSshd.DEFAULT_ADDRESS,
                config, hostKeyType)) {
            Path key = SshFixtures.authorizedKey(sshd, tmp.resolve("client"), "id_ed25519", "ed25519", "");
            Path knownHosts = SshFixtures.knownHostsTrusting(tmp.resolve("known_hosts"), sshd, hostKeyType);
            HostSpec h1 = SshFixtures.host("h1", sshd.address());

            try (SshRemoteHostConnector c = new SshRemoteHostConnector(SshFixtures.settings(sshd, key, knownHosts),
                    HostKeyPolicy.STRICT)) {
                assertThat(c.connect(h1).exec("echo ok").stdout()).isEqualTo("ok\n");
            }
            assertThat(SecurityUtils.isBouncyCastleRegistered()).as("BouncyCastle registered").isFalse();
        }
    }
}
