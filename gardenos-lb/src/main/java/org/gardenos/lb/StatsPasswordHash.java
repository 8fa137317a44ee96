package org.gardenos.lb;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.gardenos.state.StateDir;

/**
 * The stats password as HAProxy's {@code userlist} keeps it: SHA-512 crypt ({@code $6$salt$hash}, what glibc's
 * {@code crypt(3)} checks for HAProxy). The hash is kept next to the password in the state dir so the rendered
 * haproxy.cfg stays byte-for-byte the same from run to run (a fresh salt each time would change the file, reload
 * HAProxy on every apply and make every plan show a change); a hash that no longer matches the kept password (it
 * was rotated) is replaced by a new one with a new random salt.
 */
public final class StatsPasswordHash {
    public static final String STATE_FILE = "lb/stats-password.sha512-crypt";
    /** The whole form, so a value that could break the config line (space, newline) never reaches it. */
    static final Pattern FORM = Pattern.compile("\\$6\\$[./A-Za-z0-9]{8,16}\\$[./A-Za-z0-9]{86}");
    private static final String SALT_ALPHABET = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private StatsPasswordHash() {
    }

    /** The kept hash of {@code password}, or a new one (kept 0600) when none is kept or it is of another password. */
    public static String loadOrCreate(StateDir state, String password) {
        String kept = state.read(STATE_FILE).map(b -> new String(b, StandardCharsets.UTF_8).strip()).orElse("");
        if (FORM.matcher(kept).matches() && matches(password, kept)) {
            return kept;
        }
        String hash = hash(password, newSalt());
        state.writeSecret(STATE_FILE, (hash + "\n").getBytes(StandardCharsets.UTF_8));
        return hash;
    }

    /** Whether {@code password} is the one {@code hash} was made from. */
    public static boolean matches(String password, String hash) {
        return FORM.matcher(hash).matches()
                && java.security.MessageDigest.isEqual(
                        Sha2Crypt.sha512Crypt(password.getBytes(StandardCharsets.UTF_8), hash).getBytes(StandardCharsets.US_ASCII),
                        hash.getBytes(StandardCharsets.US_ASCII));
    }

    static String hash(String password, String salt) {
        return Sha2Crypt.sha512Crypt(password.getBytes(StandardCharsets.UTF_8), "$6$" + salt);
    }

    private static String newSalt() {
        StringBuilder salt = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            salt.append(SALT_ALPHABET.charAt(RANDOM.nextInt(SALT_ALPHABET.length())));
        }
        return salt.toString();
    }
}
