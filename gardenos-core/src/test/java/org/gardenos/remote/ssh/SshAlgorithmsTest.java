package org.gardenos.remote.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.transport.cipher.Cipher;
import net.schmizz.sshj.transport.mac.MAC;
import org.junit.jupiter.api.Test;

/**
 * What GardenOS's SSH connections offer: AEAD ciphers and SHA-2 MACs first, and nothing this JVM cannot run (sshj
 * uses the JDK's providers, not BouncyCastle: the launcher IT checks that a status run loads no BouncyCastle provider).
 */
class SshAlgorithmsTest {

    @Test
    void aesGcmAndSha2EtmComeFirst() {
        DefaultConfig config = SshAlgorithms.config();

        assertThat(config.getCipherFactories()).extracting(Factory.Named::getName)
                .startsWith("aes256-gcm@openssh.com", "aes128-gcm@openssh.com");
        assertThat(config.getMACFactories()).extracting(Factory.Named::getName)
                .startsWith("hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com");
        assertThat(config.getKeyExchangeFactories()).extracting(Factory.Named::getName)
                .startsWith("curve25519-sha256");
    }

    @Test
    void everyOfferedCipherAndMacWorksWithThisJvmsProviders() {
        DefaultConfig config = SshAlgorithms.config();
        byte[] bytes = new byte[64];

        for (Factory.Named<Cipher> factory : config.getCipherFactories()) {
            assertThatCode(() -> factory.create().init(Cipher.Mode.Encrypt, bytes, bytes))
                    .as(factory.getName()).doesNotThrowAnyException();
        }
        for (Factory.Named<MAC> factory : config.getMACFactories()) {
            assertThatCode(() -> {
                MAC mac = factory.create();
                mac.init(bytes);
                mac.update("probe".getBytes(StandardCharsets.US_ASCII));
                mac.doFinal();
            }).as(factory.getName()).doesNotThrowAnyException();
        }
    }

    @Test
    void preferredKeepsTheOrderOfTheRest() {
        DefaultConfig config = new DefaultConfig();
        var names = SshAlgorithms.preferred(config.getCipherFactories(), java.util.List.of("aes128-ctr", "nonexistent"))
                .stream().map(Factory.Named::getName).toList();
        var rest = config.getCipherFactories().stream().map(Factory.Named::getName)
                .filter(n -> !n.equals("aes128-ctr")).toList();

        assertThat(names.get(0)).isEqualTo("aes128-ctr");
        assertThat(names.subList(1, names.size())).isEqualTo(rest);
    }
}
