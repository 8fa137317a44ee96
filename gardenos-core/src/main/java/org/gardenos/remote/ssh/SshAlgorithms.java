package org.gardenos.remote.ssh;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.common.SecurityUtils;

/**
 * The sshj configuration of every GardenOS SSH connection: the JDK's own crypto providers, AEAD ciphers first.
 *
 * <p>Left alone, sshj registers BouncyCastle as a JCE provider and does all its crypto through it. Building that
 * provider (it maps every BouncyCastle algorithm up front) costs about 0.1 s of CPU in a fresh JVM, even with the
 * launcher's class archive, on every command that connects (docs/performance.md), and it buys nothing the JDK 17
 * lacks for what OpenSSH negotiates: curve25519 and ECDH key exchange, Ed25519, ECDSA and RSA keys, AES-GCM and
 * AES-CTR with SHA-2 MACs (ECDSA keys through {@link EcdsaKeyFactoryAlias}: sshj asks for them by BouncyCastle's
 * name). What sshj lists only with BouncyCastle (chacha20-poly1305, twofish, serpent, cast, idea) is left out;
 * AES-GCM, which the JDK runs on the CPU's AES instructions, is asked for first instead of chacha20-poly1305. A JVM
 * in which something else registered BouncyCastle before (an embedding tool) keeps it.
 */
final class SshAlgorithms {
    /** First choices, in order; every other algorithm sshj offers keeps its place after these. */
    private static final List<String> CIPHERS = List.of("aes256-gcm@openssh.com", "aes128-gcm@openssh.com",
            "chacha20-poly1305@openssh.com", "aes256-ctr", "aes192-ctr", "aes128-ctr");
    private static final List<String> MACS = List.of("hmac-sha2-256-etm@openssh.com",
            "hmac-sha2-512-etm@openssh.com", "hmac-sha2-256", "hmac-sha2-512");

    private SshAlgorithms() {
    }

    /** A new sshj configuration; sshj's provider choice is made (once per JVM) before it. */
    static DefaultConfig config() {
        SecurityUtils.setRegisterBouncyCastle(false);
        if (!SecurityUtils.isBouncyCastleRegistered()) {
            EcdsaKeyFactoryAlias.register();
        }
        DefaultConfig config = new DefaultConfig();
        config.setCipherFactories(preferred(config.getCipherFactories(), CIPHERS));
        boolean bouncyCastle = SecurityUtils.isBouncyCastleRegistered();
        // the JDK has no RIPEMD-160: such a MAC, if a server ever chose it, would fail only after the key exchange
        config.setMACFactories(preferred(config.getMACFactories().stream()
                .filter(f -> bouncyCastle || !f.getName().contains("ripemd")).toList(), MACS));
        return config;
    }

    /** {@code factories} with the named ones first, in the order of {@code first}; the rest as they were. */
    static <T extends Factory.Named<?>> List<T> preferred(List<T> factories, List<String> first) {
        Function<T, Integer> rank = f -> first.contains(f.getName()) ? first.indexOf(f.getName()) : first.size();
        List<T> sorted = new ArrayList<>(factories);
        sorted.sort(Comparator.comparing(rank)); // stable: the others keep sshj's order
        return sorted;
    }
}
