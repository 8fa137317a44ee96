package org.gardenos.remote.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts.KnownHostEntry;

/**
 * Reading and appending OpenSSH known_hosts files. Entries name the host the way OpenSSH does: the address for
 * port 22, {@code [address]:port} otherwise. New entries are hashed ({@code |1|salt|hmac}) when the file already
 * holds hashed entries (the user's OpenSSH hashes them, as Debian's does by default), plain otherwise.
 */
final class KnownHostsFile {
    /** One JVM-wide lock: FileChannel locks are per process and throw if the same JVM locks twice. */
    private static final Object LOCK = new Object();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Outcome of {@link #recordIfNew}. */
    enum Recorded { RECORDED, ALREADY_TRUSTED, CONFLICT }

    private KnownHostsFile() {
    }

    /**
     * Refuses a {@code ssh.knownHosts} path that exists and is not an OpenSSH known_hosts file (a directory, a
     * private key, an ssh config): GardenOS appends host keys to that file, and must not write into something else
     * by a slip of the inventory. A path that does not exist yet is fine (it is created on first trust).
     */
    static void requireKnownHostsFormat(Path file) {
        if (!Files.exists(file)) {
            return;
        }
        String hint = "; hint: point ssh.knownHosts at an OpenSSH known_hosts file, or at a path that does not exist yet";
        if (!Files.isRegularFile(file)) {
            throw new org.gardenos.error.InputException("ssh.knownHosts: " + file + " is not a regular file" + hint);
        }
        List<String> lines;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new org.gardenos.error.InputException("ssh.knownHosts: " + file + " is larger than "
                        + MAX_FILE_BYTES / (1024 * 1024) + " MiB, not a known_hosts file" + hint);
            }
            lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new org.gardenos.error.InputException("ssh.knownHosts: cannot read " + file + ": " + e.getMessage());
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith("#") && !ENTRY.matcher(line).matches()) {
                throw new org.gardenos.error.InputException("ssh.knownHosts: " + file + ":" + (i + 1)
                        + ": not a known_hosts entry (expected 'HOSTS KEY-TYPE BASE64-KEY'), so this is not a known_hosts"
                        + " file" + hint);
            }
        }
    }

    private static final long MAX_FILE_BYTES = 16L * 1024 * 1024;
    /** [@marker] host-patterns key-type base64-key [comment], as sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT" describes. */
    private static final java.util.regex.Pattern ENTRY = java.util.regex.Pattern.compile(
            "(@(cert-authority|revoked)\\s+)?\\S+\\s+[a-z][a-z0-9@.-]*\\s+[A-Za-z0-9+/]{16,}={0,2}(\\s.*)?");

    /** How OpenSSH names {@code address:port} in known_hosts. */
    static String hostPattern(String address, int port) {
        String lower = address.toLowerCase(Locale.ROOT);
        return port == 22 ? lower : "[" + lower + "]:" + port;
    }

    static String plainLine(String hostPattern, PublicKey key) {
        return hostPattern + " " + SshFingerprints.typeName(key) + " " + base64(key);
    }

    /** A hashed entry: HMAC-SHA1 of the host pattern keyed with a random 20-byte salt (OpenSSH's HashKnownHosts). */
    static String hashedLine(String hostPattern, PublicKey key) {
        byte[] salt = new byte[20];
        RANDOM.nextBytes(salt);
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(salt, "HmacSHA1"));
            byte[] hash = mac.doFinal(hostPattern.getBytes(StandardCharsets.UTF_8));
            Base64.Encoder b64 = Base64.getEncoder();
            return "|1|" + b64.encodeToString(salt) + "|" + b64.encodeToString(hash) + " "
                    + SshFingerprints.typeName(key) + " " + base64(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA1", e);
        }
    }

    /** The entries of {@code file} (none when it does not exist); unreadable lines are skipped, as OpenSSH does. */
    static List<KnownHostEntry> entries(Path file) {
        try {
            return new ArrayList<>(new OpenSSHKnownHosts(file.toFile()).entries());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read known_hosts file " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code type SHA256:...} of every entry in {@code entries} that names {@code hostPattern}, any key type. */
    static List<String> describeEntriesFor(List<KnownHostEntry> entries, String hostPattern) {
        List<String> found = new ArrayList<>();
        for (KnownHostEntry e : entries) {
            if (appliesTo(e, hostPattern)) {
                String[] words = e.getLine().trim().split("\\s+");
                int typeIndex = words[0].startsWith("@") ? 2 : 1;
                if (words.length > typeIndex + 1) {
                    String type = words[typeIndex];
                    try {
                        found.add(type + " " + SshFingerprints.sha256(Base64.getDecoder().decode(words[typeIndex + 1])));
                    } catch (IllegalArgumentException notBase64) {
                        found.add(type);
                    }
                }
            }
        }
        return found;
    }

    static boolean appliesTo(KnownHostEntry entry, String hostPattern) {
        try {
            return entry.appliesTo(hostPattern);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Under a lock (JVM-wide and on the file, for other processes), re-reads {@code file} and appends an entry for
     * {@code hostPattern} unless the file names that host already: then the answer is whether one of its entries
     * holds exactly {@code key}. Creates the file 0600 (and its directory 0700) when missing.
     */
    static Recorded recordIfNew(Path file, String hostPattern, PublicKey key) {
        synchronized (LOCK) {
            try {
                Path dir = file.toAbsolutePath().getParent();
                if (dir != null && !Files.isDirectory(dir)) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                }
                try (FileChannel channel = FileChannel.open(file,
                        Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                    FileLock lock = channel.lock();
                    try {
                        return recordLocked(channel, file, hostPattern, key);
                    } finally {
                        lock.release();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot record host key in " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private static Recorded recordLocked(FileChannel channel, Path file, String hostPattern, PublicKey key)
            throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        List<KnownHostEntry> entries = new ArrayList<>(
                new OpenSSHKnownHosts(new java.io.StringReader(text)).entries());
        boolean hostKnown = false;
        for (KnownHostEntry e : entries) {
            if (appliesTo(e, hostPattern)) {
                hostKnown = true;
                if (e.verify(key)) {
                    return Recorded.ALREADY_TRUSTED;
                }
            }
        }
        if (hostKnown) {
            return Recorded.CONFLICT;
        }
        boolean hashed = text.lines().anyMatch(l -> l.startsWith("|1|"));
        String line = hashed ? hashedLine(hostPattern, key) : plainLine(hostPattern, key);
        String prefix = text.isEmpty() || text.endsWith("\n") ? "" : "\n";
        channel.position(channel.size());
        ByteBuffer bytes = ByteBuffer.wrap((prefix + line + "\n").getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        channel.force(true);
        return Recorded.RECORDED;
    }

    private static String base64(PublicKey key) {
        return Base64.getEncoder().encodeToString(SshFingerprints.wireBytes(key));
    }
}
