package org.gardenos.resources;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gardenos.error.GardenException;
import org.gardenos.remote.CommandResult;
import org.gardenos.remote.RemoteHost;
import org.gardenos.remote.ShellQuoting;

/**
 * Reads a remote file's content hash, mode and owner in one round trip ({@code stat} + a SHA-256), so a
 * resource compares content, never timestamps, without downloading the file.
 */
public final class FileProbe {
    /** What a regular file on the host looks like. {@code mode} holds the permission bits (e.g. 0644). */
    public record FileState(String sha256, int mode, String user, String group) {
        /** {@code owner} is {@code user} or {@code user:group}; without a group only the user is compared. */
        public boolean ownedBy(String owner) {
            int colon = owner.indexOf(':');
            if (colon < 0) {
                return user.equals(owner);
            }
            return user.equals(owner.substring(0, colon)) && group.equals(owner.substring(colon + 1));
        }

        public String owner() {
            return user + ":" + group;
        }
    }

    private static final Pattern HASH = Pattern.compile("^([0-9a-f]{64})\\b", Pattern.MULTILINE);
    private static final Pattern STAT = Pattern.compile("^stat=([0-7]+):([^:\\s]+):([^:\\s]+)$", Pattern.MULTILINE);

    private FileProbe() {
    }

    /**
     * Files larger than this are hashed by {@code openssl} when the host has it: OpenSSL's SHA-256 uses the CPU's
     * SHA extensions, coreutils' {@code sha256sum} (Debian 12) does not. Measured on a bench host (2026-12-03): the
     * 21 MB etcd binary cost 63 ms of CPU with {@code sha256sum}, 18 ms with {@code openssl}; a small file 1.2 ms
     * against 2.8 ms ({@code openssl} loads libcrypto), hence the threshold (docs/performance.md, "hostcpu").
     */
    static final long OPENSSL_FROM_BYTES = 1 << 20;

    /**
     * Prints the SHA-256 of the file and {@code stat=MODE:USER:GROUP}, or {@code absent} when it is no file. Two
     * processes as before: {@code stat} runs first and gives the size too, which picks the hasher. A failing
     * {@code openssl} (its errors silenced, also a file it cannot open) falls back to {@code sha256sum}, whose
     * errors are then the probe's, as they were.
     */
    public static String command(String path) {
        return "f=" + ShellQuoting.quote(path) + "; if [ -f \"$f\" ]; then s=$(stat -c '%s stat=%a:%U:%G' \"$f\") && "
                + "{ { [ \"${s%% *}\" -ge " + OPENSSL_FROM_BYTES + " ] && command -v openssl >/dev/null"
                + " && openssl dgst -sha256 -r 2>/dev/null < \"$f\"; } || sha256sum < \"$f\"; } && echo \"${s#* }\";"
                + " else echo absent; fi";
    }

    /** Parses {@link #command}'s output; other lines around it are ignored, so a probe may print more. */
    public static Optional<FileState> parse(String path, CommandResult result) {
        result.requireOk();
        String out = result.stdout();
        if (out.lines().anyMatch("absent"::equals)) {
            return Optional.empty();
        }
        Matcher hash = HASH.matcher(out);
        Matcher stat = STAT.matcher(out);
        if (!hash.find() || !stat.find()) {
            throw new GardenException(result.host() + ": cannot read the state of " + path + " from `"
                    + result.command() + "` (output: " + out.strip() + ")");
        }
        return Optional.of(new FileState(hash.group(1), Integer.parseInt(stat.group(1), 8), stat.group(2),
                stat.group(3)));
    }

    public static Optional<FileState> probe(RemoteHost remote, String path) {
        return parse(path, remote.exec(command(path)));
    }

    public static String sha256Hex(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public static String sha256Hex(String content) {
        return sha256Hex(content.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code 0644}-style rendering of permission bits. */
    public static String octal(int mode) {
        return String.format("%04o", mode);
    }
}
