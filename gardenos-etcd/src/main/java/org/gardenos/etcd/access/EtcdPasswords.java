package org.gardenos.etcd.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.gardenos.logging.SecretRedactor;
import org.gardenos.secret.GeneratedSecret;
import org.gardenos.state.StateDir;

/**
 * The passwords of the etcd users that log in by password ({@code EtcdPki.PASSWORD_CLIENTS}: {@code patroni}), kept
 * in the state dir: {@code etcd/passwords/USER} (0600, generated once by {@code apply etcd}, 32 characters of
 * [A-Za-z0-9]) and {@code etcd/passwords/USER.set} (0600), the SHA-256 of the value last set in etcd. etcd never
 * hands a password back, so the record is how a second apply knows there is nothing to change, and how a new value
 * (the file deleted: rotation) is noticed and set. Never logs a value.
 */
public final class EtcdPasswords {
    public static final String ROOT = "etcd/passwords";
    static final int LENGTH = 32;

    private final StateDir state;

    public EtcdPasswords(StateDir state) {
        this.state = state;
    }

    /** The kept password file of {@code user}, relative to the state dir. */
    public static String file(String user) {
        return ROOT + "/" + user;
    }

    /** The kept password, validated; empty when none is kept. Reads only. */
    public Optional<String> kept(String user) {
        return state.read(file(user)).isPresent() ? Optional.of(ensure(user)) : Optional.empty();
    }

    /** The kept password, generated (0600) when none is kept: apply only. Registered for log redaction. */
    public String ensure(String user) {
        String value = GeneratedSecret.loadOrCreate(state, file(user), LENGTH);
        SecretRedactor.global().register(value);
        return value;
    }

    /** Whether etcd holds the kept password of {@code user}, by the record of what was last set. Reads only. */
    public boolean current(String user) {
        Optional<String> value = kept(user);
        Optional<byte[]> record = state.read(file(user) + ".set");
        return value.isPresent() && record.isPresent()
                && new String(record.get(), StandardCharsets.US_ASCII).strip().equals(digest(value.get()));
    }

    /** Records that etcd now holds {@code value} for {@code user}; call only after etcd accepted it. */
    void recordSet(String user, String value) {
        state.writeSecret(file(user) + ".set", (digest(value) + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    private static String digest(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }
}
