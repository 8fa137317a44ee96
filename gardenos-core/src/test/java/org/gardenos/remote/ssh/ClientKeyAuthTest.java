package org.gardenos.remote.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.gardenos.error.InputException;
import org.gardenos.inventory.HostSpec;
import org.gardenos.logging.SecretRedactor;
import org.gardenos.remote.RemoteException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Public key authentication with each key type and format ssh-keygen makes, and the one-line failures. */
class ClientKeyAuthTest {
    @TempDir
    static Path tmp;
    static LoopbackSshd sshd;
    static Path knownHosts;
    static HostSpec h1;

    @BeforeAll
    static void start() throws Exception {
        sshd = LoopbackSshd.start(tmp.resolve("sshd"), LoopbackSshd.DEFAULT_ADDRESS, "ed25519");
        knownHosts = SshFixtures.knownHostsTrusting(tmp.resolve("known_hosts"), sshd, "ed25519");
        h1 = SshFixtures.host("h1", sshd.address());
    }

    @AfterAll
    static void stop() {
        if (sshd != null) {
            sshd.close();
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
            "ed25519, '', ''",
            "ecdsa,   -b, 256",
            "ecdsa,   -b, 521",
            "rsa,     -b, 3072",
            "rsa,     -m, PEM",      // the old "BEGIN RSA PRIVATE KEY" format
            "ecdsa,   -m, PKCS8",
    })
    void logsInWithEveryKeyType(String type, String option, String value) throws Exception {
        String name = "id_" + type + "_" + (option + value).replace("-", "");
        String[] extra = option.isEmpty() ? new String[0] : new String[] {option, value};
        Path key = SshFixtures.authorizedKey(sshd, tmp.resolve("keys"), name, type, "", extra);

        try (SshRemoteHostConnector c = connector(key, env(Map.of()))) {
            assertThat(c.connect(h1).exec("echo " + type).stdout()).isEqualTo(type + "\n");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"ed25519, ''", "rsa, PEM"})
    void anEncryptedKeyIsDecryptedWithThePassphraseFromTheEnvironment(String type, String format) throws Exception {
        String passphrase = "correct horse battery " + type;
        String[] extra = format.isEmpty() ? new String[0] : new String[] {"-m", format};
        Path key = SshFixtures.authorizedKey(sshd, tmp.resolve("enc"), "id_enc_" + type, type, passphrase, extra);

        try (SshRemoteHostConnector c = connector(key, env(Map.of("GARDENOS_SSH_PASSPHRASE", passphrase)))) {
            assertThat(c.connect(h1).exec("echo unlocked").stdout()).isEqualTo("unlocked\n");
        }
        assertThat(SecretRedactor.global().redact("pass: " + passphrase)).as("the passphrase is a registered secret")
                .isEqualTo("pass: ***");
    }

    @Test
    void aWrongPassphraseIsOneLineNamingTheKeyFile() throws Exception {
        Path key = SshFixtures.authorizedKey(sshd, tmp.resolve("wrong"), "id_wrong", "ed25519", "the right one");

        try (SshRemoteHostConnector c = connector(key, env(Map.of("GARDENOS_SSH_PASSPHRASE", "not the right one")))) {
            assertThatThrownBy(() -> c.connect(h1)).isInstanceOf(InputException.class)
                    .hasMessage("ssh.privateKey: cannot decrypt key file " + key
                            + " with the passphrase from GARDENOS_SSH_PASSPHRASE (wrong passphrase?)");
        }
        assertThat(sshd.log()).noneMatch(l -> l.contains("id_wrong"));
    }

    @Test
    void anEncryptedKeyWithoutPassphraseSaysWhereToPutIt() throws Exception {
        Path key = SshFixtures.authorizedKey(sshd, tmp.resolve("nopass"), "id_nopass", "ed25519", "secret words");

        try (SshRemoteHostConnector c = connector(key, env(Map.of()))) {
            assertThatThrownBy(() -> c.connect(h1)).isInstanceOf(InputException.class)
                    .hasMessage("ssh.privateKey: key file " + key + " is encrypted: set the environment variable"
                            + " GARDENOS_SSH_PASSPHRASE to its passphrase (a passphrase is never read from the inventory)");
        }
    }

    @Test
    void aMissingKeyFileIsOneLine() {
        Path key = tmp.resolve("nowhere/id_ed25519");
        try (SshRemoteHostConnector c = connector(key, env(Map.of()))) {
            assertThatThrownBy(() -> c.connect(h1)).isInstanceOf(InputException.class)
                    .hasMessage("ssh.privateKey: key file " + key + " does not exist (create one with"
                            + " `ssh-keygen -t ed25519 -f " + key + "` or fix the path)");
        }
    }

    @Test
    void aPublicKeyGivenAsPrivateKeyIsOneLine() throws Exception {
        Path key = LoopbackSshd.clientKey(tmp.resolve("pub"), "id_pub", "ed25519", "");
        Path pub = key.resolveSibling("id_pub.pub");
        try (SshRemoteHostConnector c = connector(pub, env(Map.of()))) {
            assertThatThrownBy(() -> c.connect(h1)).isInstanceOf(InputException.class)
                    .hasMessageStartingWith("ssh.privateKey: " + pub + " is not a private key");
        }
    }

    @Test
    void aKeyTheHostDoesNotAcceptIsRefusedNamingHostAddressAndUser() throws Exception {
        Path key = LoopbackSshd.clientKey(tmp.resolve("stranger"), "id_stranger", "ed25519", ""); // not authorized
        String fingerprint = LoopbackSshd.fingerprintOf(key.resolveSibling("id_stranger.pub"));

        try (SshRemoteHostConnector c = connector(key, env(Map.of()))) {
            assertThatThrownBy(() -> c.connect(h1)).isInstanceOf(RemoteException.class)
                    .hasMessage("h1: " + sshd.address() + ":" + sshd.port() + " refused user 'root' with key " + key
                            + " (ssh-ed25519 " + fingerprint + "): is its public key in ~root/.ssh/authorized_keys on the host?");
        }
    }

    @Test
    void theKeyIsLoadedOnceForAllHosts() throws Exception {
        Path key = SshFixtures.authorizedKey(sshd, tmp.resolve("once"), "id_once", "ed25519", "only once please");
        int[] lookups = {0};
        Function<String, String> countingEnv = name -> {
            lookups[0]++;
            return "only once please";
        };
        try (SshRemoteHostConnector c = connector(key, countingEnv)) {
            c.connect(h1);
            c.connect(SshFixtures.host("h1-again", sshd.address()));
            c.connect(SshFixtures.host("h1-third", sshd.address())).exec("true");
        }
        assertThat(lookups[0]).isEqualTo(1);
        assertThat(Files.exists(key)).isTrue();
    }

    private static SshRemoteHostConnector connector(Path key, Function<String, String> env) {
        return new SshRemoteHostConnector(SshFixtures.settings(sshd, key, knownHosts), HostKeyPolicy.STRICT, env);
    }

    private static Function<String, String> env(Map<String, String> vars) {
        return vars::get;
    }
}
