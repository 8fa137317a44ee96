package org.gardenos.lb;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.gardenos.state.StateDir;

/**
 * The stats password as HAProxy's {@code userlist} keeps it: SHA-512 crypt ({@code $6$salt$hash}, what glibc's
 * {@code crypt(3)} checks for HAProxy). The hash is kept next to the password in the state dir so the rendered
 * haproxy.cfg stays byte-for-byte the same from run to run (a fresh salt each time would change the file, reload
 * HAProxy on every apply and make every plan show a change); a hash that no longer matches the kept password (it
 * was rotated) is replaced by a new one with a new random salt.
 *
 * <p>Checking the kept hash is a SHA-512 crypt (5,000 rounds; 30-40 ms of a cold JVM's CPU, on every lb render). A
 * pair once checked is remembered in {@link #VERIFIED_FILE} (0600) as the hash and a SHA-256 fingerprint of hash and
 * password together, never the password; the crypt runs again only when the hash, the password or that file changed.
 */
public final class StatsPasswordHash {
    public static final String STATE_FILE = "lb/stats-password.sha512-crypt";
    /** The last pair checked: {@code HASH FINGERPRINT}, see {@link #fingerprint}. */
    public static final String VERIFIED_FILE = "lb/stats-password.verified";
    /** The whole form, so a value that could break the config line (space, newline) never reaches it. */
    static final Pattern FORM = Pattern.compile("\\$6\\$[./A-Za-z0-9]{8,16}\\$[./A-Za-z0-9]{86}");
    private static final String SALT_ALPHABET = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** SHA-512 crypts run in this JVM (tests count them). */
    private static final AtomicInteger CRYPTS = new AtomicInteger();

    private StatsPasswordHash() {
    }

    /** The kept hash of {@code password}, or a new one (kept 0600) when none is kept or it is of another password. */
    public static String loadOrCreate(StateDir state, String password) {
        String kept = state.read(STATE_FILE).map(b -> new String(b, StandardCharsets.UTF_8).strip()).orElse("");
        if (FORM.matcher(kept).matches() && verified(state, kept, password)) {
            return kept;
        }
        if (FORM.matcher(kept).matches() && matches(password, kept)) {
            remember(state, kept, password);
            return kept;
        }
        String hash = hash(password, newSalt());
        state.writeSecret(STATE_FILE, (hash + "\n").getBytes(StandardCharsets.UTF_8));
        remember(state, hash, password);
        return hash;
    }

    /** Whether this very pair was checked before: the remembered hash and fingerprint are this hash's and password's. */
    private static boolean verified(StateDir state, String hash, String password) {
        String[] remembered = state.read(VERIFIED_FILE).map(b -> new String(b, StandardCharsets.US_ASCII).strip())
                .orElse("").split(" ");
        return remembered.length == 2 && remembered[0].equals(hash)
                && MessageDigest.isEqual(remembered[1].getBytes(StandardCharsets.US_ASCII),
                        fingerprint(hash, password).getBytes(StandardCharsets.US_ASCII));
    }

    private static void remember(StateDir state, String hash, String password) {
        state.writeSecret(VERIFIED_FILE, (hash + " " + fingerprint(hash, password) + "\n")
                .getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * SHA-256 over a label, the hash and the password (NUL-separated; neither a hash of {@link #FORM} nor a generated
     * password holds a NUL), hex. It says nothing a reader of the state dir could not read there in clear anyway (the
     * password is kept next to it), and it changes with either half of the pair.
     */
    static String fingerprint(String hash, String password) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update("gardenos lb stats-password verified\0".getBytes(StandardCharsets.US_ASCII));
            sha256.update(hash.getBytes(StandardCharsets.US_ASCII));
            sha256.update((byte) 0);
            sha256.update(password.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    static int crypts() {
        return CRYPTS.get();
    }

    /** Whether {@code password} is the one {@code hash} was made from. */
    public static boolean matches(String password, String hash) {
        if (!FORM.matcher(hash).matches()) {
            return false;
        }
        CRYPTS.incrementAndGet();
        return MessageDigest.isEqual(
                Sha2Crypt.sha512Crypt(password.getBytes(StandardCharsets.UTF_8), hash).getBytes(StandardCharsets.US_ASCII),
                hash.getBytes(StandardCharsets.US_ASCII));
    }

    static String hash(String password, String salt) {
        CRYPTS.incrementAndGet();
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
