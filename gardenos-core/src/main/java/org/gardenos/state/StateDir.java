package org.gardenos.state;

import java.io.IOException;
import org.gardenos.error.InputException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The admin machine's state directory ({@code --state-dir}, default {@code ~/.gardenos/CLUSTER}): generated keys,
 * certificates, tokens and kubeconfigs. The directory is mode 0700; secrets are written 0600, atomically.
 */
public final class StateDir {
    private final Path root;

    private StateDir(Path root) {
        this.root = root;
    }

    /** Opens (creating when needed) the directory and forces mode 0700 on it. */
    public static StateDir open(Path root) {
        try {
            refuseForeignOrSymlink(root);
            Files.createDirectories(root);
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
            return new StateDir(root.toAbsolutePath().normalize());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create state directory " + root + ": " + e.getMessage(), e);
        }
    }

    public Path root() {
        return root;
    }

    public Path resolve(String relative) {
        return root.resolve(relative);
    }

    public Optional<byte[]> read(String relative) {
        Path p = resolve(relative);
        try {
            return Files.exists(p) ? Optional.of(Files.readAllBytes(p)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    /** Writes a secret: 0600, via a temporary file created 0600 and renamed into place. */
    public Path writeSecret(String relative, byte[] content) {
        return write(relative, content, "rw-------");
    }

    /** Writes a non-secret file (certificates, kubeconfig skeletons): 0644 inside the 0700 directory. */
    public Path writePublic(String relative, byte[] content) {
        return write(relative, content, "rw-r--r--");
    }

    private Path write(String relative, byte[] content, String perms) {
        Path target = resolve(relative);
        try {
            Path dir = target.getParent();
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.write(tmp, content);
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(perms));
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * The state dir holds the CA key and tokens: a symlink could point them anywhere, and a directory owned by someone
     * else is theirs to read or swap. Both are refused (an {@link InputException}, exit 2) before anything is written.
     */
    static void refuseForeignOrSymlink(Path root) throws IOException {
        if (Files.isSymbolicLink(root)) {
            throw new InputException("state directory " + root + " is a symbolic link; point --state-dir at the real"
                    + " directory (" + root.toRealPath() + ")");
        }
        if (Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            String owner = Files.getOwner(root, java.nio.file.LinkOption.NOFOLLOW_LINKS).getName();
            String me = System.getProperty("user.name");
            if (!owner.equals(me)) {
                throw new InputException("state directory " + root + " is owned by " + owner + ", not by " + me
                        + " who runs GardenOS; use a state directory of your own (--state-dir)");
            }
        }
    }
}
