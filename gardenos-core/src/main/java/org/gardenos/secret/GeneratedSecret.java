package org.gardenos.secret;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;
import org.gardenos.error.GardenException;
import org.gardenos.state.StateDir;

/**
 * A password GardenOS generates once and keeps in the state directory (mode 0600), e.g. the K3s cluster token or
 * the HAProxy stats password. Losing the K3s token makes restores impossible, so an existing value is always
 * reused, never regenerated.
 *
 * <p>Values are drawn from [A-Za-z0-9] with {@link SecureRandom}: about 5.95 bits per character, and no
 * character that needs quoting in haproxy.cfg, systemd environment files or YAML.
 */
public final class GeneratedSecret {
    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /** Shortest value GardenOS generates or accepts: 24 characters is about 143 bits. */
    public static final int MIN_LENGTH = 24;

    private GeneratedSecret() {
    }

    /** A fresh random value of {@code length} characters from [A-Za-z0-9]. */
    public static String generate(int length) {
        if (length < MIN_LENGTH) {
            throw new IllegalArgumentException("secrets are at least " + MIN_LENGTH + " characters, not " + length);
        }
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }

    /**
     * The value kept at {@code relative} in the state directory, created (0600) when absent. A kept file whose
     * mode lets others read it is narrowed back to 0600; a kept value that is empty, too short or not from the
     * alphabet is refused rather than silently replaced, because other hosts may already use it.
     */
    public static String loadOrCreate(StateDir state, String relative, int length) {
        var existing = state.read(relative);
        if (existing.isPresent()) {
            Path file = state.resolve(relative);
            narrowToOwner(file);
            String value = new String(existing.get(), StandardCharsets.UTF_8).strip();
            if (value.length() < MIN_LENGTH || !value.chars().allMatch(GeneratedSecret::inAlphabet)) {
                throw new GardenException(file + ": the kept secret is not " + MIN_LENGTH
                        + "+ characters of [A-Za-z0-9]; restore the original file or remove it to generate a new one");
            }
            return value;
        }
        String value = generate(length);
        state.writeSecret(relative, (value + "\n").getBytes(StandardCharsets.UTF_8));
        return value;
    }

    private static boolean inAlphabet(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    private static void narrowToOwner(Path file) {
        try {
            if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set mode 0600 on " + file + ": " + e.getMessage(), e);
        }
    }
}
