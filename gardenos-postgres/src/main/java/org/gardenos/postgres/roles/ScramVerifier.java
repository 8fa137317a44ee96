package org.gardenos.postgres.roles;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A PostgreSQL {@code SCRAM-SHA-256} password verifier (RFC 5802/7677, the form PostgreSQL stores in
 * {@code pg_authid.rolpassword}), computed here so that the password itself never reaches the server, its logs or a
 * statement. The salt is derived from the password and the role (HMAC), so the same password gives the same verifier
 * and a second apply can see that nothing changed. That costs nothing: the passwords are 190-bit random, so a
 * per-run random salt would add no protection against guessing.
 */
public final class ScramVerifier {
    /** PostgreSQL's default {@code scram_iterations}. */
    static final int ITERATIONS = 4096;

    private ScramVerifier() {
    }

    public static String of(String role, String password) {
        try {
            byte[] salt = Arrays.copyOf(hmac(password.getBytes(StandardCharsets.UTF_8),
                    ("gardenos-scram-salt:" + role).getBytes(StandardCharsets.UTF_8)), 16);
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, 256);
            byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            spec.clearPassword();
            byte[] clientKey = hmac(salted, "Client Key".getBytes(StandardCharsets.UTF_8));
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
            byte[] serverKey = hmac(salted, "Server Key".getBytes(StandardCharsets.UTF_8));
            Base64.Encoder b64 = Base64.getEncoder();
            return "SCRAM-SHA-256$" + ITERATIONS + ":" + b64.encodeToString(salt) + "$"
                    + b64.encodeToString(storedKey) + ":" + b64.encodeToString(serverKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks PBKDF2WithHmacSHA256 or HmacSHA256", e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] message) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(message);
    }
}
