package org.gardenos.nspawn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** ed25519 key pairs made by the machine's own {@code ssh-keygen} (private key 0600, no passphrase). */
final class SshKeys {
    private SshKeys() {
    }

    /** Generates a fresh pair at {@code privateKey} and {@code privateKey.pub}, replacing any existing pair. */
    static void generate(Path privateKey, String comment) {
        try {
            Files.createDirectories(privateKey.getParent());
            Files.deleteIfExists(privateKey);
            Files.deleteIfExists(publicKeyOf(privateKey));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + privateKey + ": " + e.getMessage(), e);
        }
        LocalCommand.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment,
                "-f", privateKey.toString())).requireOk();
    }

    static Path publicKeyOf(Path privateKey) {
        return privateKey.resolveSibling(privateKey.getFileName() + ".pub");
    }

    /** The public key as {@code ssh-ed25519 AAAA...} (type and key, without the comment). */
    static String publicKey(Path privateKey) {
        try {
            String[] parts = Files.readString(publicKeyOf(privateKey)).strip().split("\\s+");
            return parts[0] + " " + parts[1];
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + publicKeyOf(privateKey) + ": " + e.getMessage(), e);
        }
    }
}
