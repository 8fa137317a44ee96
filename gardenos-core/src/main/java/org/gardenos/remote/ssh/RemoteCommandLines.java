package org.gardenos.remote.ssh;

import static org.gardenos.remote.ShellQuoting.quote;

import java.time.Duration;
import java.util.regex.Pattern;
import org.gardenos.remote.ShellQuoting;

/**
 * The command lines GardenOS sends over SSH, built as plain strings (no I/O here, so every one is unit-tested).
 * Everything runs under POSIX {@code sh -c}, as root: directly for the root user, through {@code sudo -n} for any
 * other user ({@code -n}: fail at once instead of waiting for a password prompt nobody can answer).
 *
 * <p>Every command is bounded on the host itself by coreutils {@code timeout} (ssh.commandTimeout): closing the
 * channel is not enough, since OpenSSH keeps a session (and its MaxSessions slot) until the child exits and
 * refuses SSH "signal" requests for root sessions. {@code timeout} kills the whole process group (TERM, then KILL
 * after {@value #KILL_GRACE_SECONDS} s).
 */
public final class RemoteCommandLines {
    /** Exit code of {@link #read(String)} when the file does not exist (cat's own failures exit 1). */
    public static final int READ_MISSING_EXIT = org.gardenos.remote.ProbeAnswer.READ_MISSING_EXIT;

    /** user or user:group, names or numeric ids, as chown takes them. */
    private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?");

    private RemoteCommandLines() {
    }

    /** Seconds between timeout's TERM and its KILL. */
    public static final int KILL_GRACE_SECONDS = 5;
    /** Exit codes of coreutils timeout when it stopped the command (TERM worked / KILL was needed). */
    public static final int TIMEOUT_EXIT = 124;
    public static final int TIMEOUT_KILLED_EXIT = 128 + 9;

    /**
     * {@code command} as sent on the wire: {@code timeout -k 5 T sh -c '...'} for root,
     * {@code sudo -n timeout -k 5 T sh -c '...'} otherwise (timeout inside sudo: it must be able to kill root's
     * processes). T is {@code timeout} rounded up to whole seconds.
     */
    public static String asRoot(String command, boolean userIsRoot, Duration timeout) {
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        String bounded = "timeout -k " + KILL_GRACE_SECONDS + " " + seconds + " sh -c " + quote(command);
        return userIsRoot ? bounded : "sudo -n " + bounded;
    }

    /**
     * A script that stores its stdin at {@code path} atomically, in one round trip: parent directories created,
     * a temporary file made by mktemp in the target directory (so the rename stays on one filesystem), owner and
     * mode set on it, then {@code mv -f -T} over the target. mktemp creates the file 0600 before any content
     * arrives, so the content is never readable by others, even half-written. On failure (or TERM) the temp file
     * is removed and the script exits non-zero.
     */
    public static String upload(String path, int mode, String owner) {
        return upload(path, mode, owner, "");
    }

    /**
     * As {@link #upload(String, int, String)}, refusing (exit 1, target untouched) unless exactly
     * {@code expectedBytes} arrived: a streamed local file that could not be read to its end never replaces the
     * target with a truncated copy.
     */
    public static String upload(String path, int mode, String owner, long expectedBytes) {
        if (expectedBytes < 0) {
            throw new IllegalArgumentException("negative size " + expectedBytes);
        }
        return upload(path, mode, owner, " && [ \"$(wc -c < \"$t\")\" -eq " + expectedBytes + " ]");
    }

    private static String upload(String path, int mode, String owner, String sizeCheck) {
        String file = requireFilePath(path);
        String dir = parentOf(file);
        String name = file.substring(file.lastIndexOf('/') + 1);
        String shortName = name.length() > 100 ? name.substring(0, 100) : name;
        String template = (dir.equals("/") ? "" : dir) + "/." + shortName + ".gardenos-XXXXXX";
        // the trap removes the temp file when timeout (ssh.commandTimeout) stops the script
        return "t=; trap 'rm -f -- \"$t\"; exit 143' HUP INT TERM; "
                + "mkdir -p -- " + quote(dir)
                + " && t=$(mktemp -- " + quote(template) + ") || exit; "
                + "{ cat > \"$t\"" + sizeCheck
                + " && chown -- " + quote(requireOwner(owner)) + " \"$t\""
                // chmod after chown: chown clears set-id bits
                + " && chmod -- " + modeString(mode) + " \"$t\""
                + " && mv -f -T -- \"$t\" " + quote(file) + "; }"
                + " || { rc=$?; rm -f -- \"$t\"; exit \"$rc\"; }";
    }

    /** A script that prints the file, or exits {@link #READ_MISSING_EXIT} when it does not exist. */
    public static String read(String path) {
        String file = requireFilePath(path);
        return "if [ -e " + quote(file) + " ]; then cat -- " + quote(file) + "; else exit " + READ_MISSING_EXIT + "; fi";
    }

    /** A mode as chmod takes it: four octal digits, e.g. 0640. */
    public static String modeString(int mode) {
        if (mode < 0 || mode > 07777) {
            throw new IllegalArgumentException("file mode " + Integer.toOctalString(mode) + " (octal) is not in 0000..7777");
        }
        return String.format("%04o", mode);
    }

    static String requireOwner(String owner) {
        if (owner == null || !OWNER.matcher(owner).matches()) {
            throw new IllegalArgumentException("owner '" + owner + "' is not user or user:group");
        }
        return owner;
    }

    static String requireFilePath(String path) {
        if (path == null || !path.startsWith("/") || path.endsWith("/") || path.indexOf('\0') >= 0
                || path.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("remote path '" + path + "' is not an absolute file path");
        }
        return path;
    }

    static String parentOf(String file) {
        int slash = file.lastIndexOf('/');
        return slash == 0 ? "/" : file.substring(0, slash);
    }
}
