package org.gardenos.remote.ssh;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;

/** Key names and fingerprints in the forms OpenSSH prints, so users can compare them with ssh-keygen -l. */
public final class SshFingerprints {
    private SshFingerprints() {
    }

    /** {@code SHA256:<base64 without padding>} of the key's SSH wire encoding, as {@code ssh-keygen -l} prints it. */
    public static String sha256(PublicKey key) {
        return sha256(wireBytes(key));
    }

    /** As {@link #sha256(PublicKey)}, for a key already in SSH wire encoding (the base64 blob of a key line). */
    public static String sha256(byte[] wireEncodedKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(wireEncodedKey);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The SSH key type name, e.g. {@code ssh-ed25519}, {@code ecdsa-sha2-nistp256}, {@code ssh-rsa}. */
    public static String typeName(PublicKey key) {
        return KeyType.fromKey(key).toString();
    }

    /** {@code <type> SHA256:...}: how messages name a key. */
    public static String describe(PublicKey key) {
        return typeName(key) + " " + sha256(key);
    }

    static byte[] wireBytes(PublicKey key) {
        return new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    }
}
