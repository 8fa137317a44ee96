package org.gardenos.remote.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Base64;
import net.schmizz.sshj.common.Buffer;
import org.gardenos.testsupport.Prerequisites;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Our fingerprints must be exactly what OpenSSH's ssh-keygen prints, or users cannot compare them. */
class SshFingerprintsTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"ed25519, ssh-ed25519", "ecdsa, ecdsa-sha2-nistp256", "rsa, ssh-rsa"})
    void matchesSshKeygen(String type, String typeName) throws Exception {
        Prerequisites.requireExecutable(LoopbackSshd.SSH_KEYGEN);
        Path key = LoopbackSshd.clientKey(tmp, "k_" + type, type, "");
        Path pub = key.resolveSibling("k_" + type + ".pub");
        PublicKey publicKey = readPublicKey(pub);

        assertThat(SshFingerprints.sha256(publicKey)).isEqualTo(LoopbackSshd.fingerprintOf(pub)).startsWith("SHA256:")
                .doesNotEndWith("=");
        assertThat(SshFingerprints.typeName(publicKey)).isEqualTo(typeName);
        assertThat(SshFingerprints.describe(publicKey)).isEqualTo(typeName + " " + LoopbackSshd.fingerprintOf(pub));
    }

    static PublicKey readPublicKey(Path pubFile) throws Exception {
        String base64 = Files.readString(pubFile).trim().split("\\s+")[1];
        return new Buffer.PlainBuffer(Base64.getDecoder().decode(base64)).readPublicKey();
    }
}
