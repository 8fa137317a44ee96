package org.gardenos.inventory;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Paths on the machine running GardenOS, as written in the inventory: {@code ~} and {@code ~/...} expand to the
 * user's home, relative paths resolve against the directory holding the inventory file.
 */
public final class LocalPaths {
    private final Path baseDir;
    private final Path home;

    LocalPaths(Path baseDir, Path home) {
        this.baseDir = baseDir.toAbsolutePath().normalize();
        this.home = home.toAbsolutePath().normalize();
    }

    public Path resolve(String text) throws InvalidValueException {
        if (text.isEmpty()) {
            throw new InvalidValueException("must not be empty");
        }
        try {
            if (text.equals("~")) {
                return home;
            }
            if (text.startsWith("~/")) {
                return home.resolve(text.substring(2)).normalize();
            }
            if (text.startsWith("~")) {
                throw new InvalidValueException(Problems.quote(text) + ": only '~' and '~/' are expanded (to "
                        + home + "), not '~user'");
            }
            return baseDir.resolve(text).normalize();
        } catch (InvalidPathException e) {
            throw new InvalidValueException(Problems.quote(text) + " is not a valid path");
        }
    }

    /** A local file that must exist now, e.g. a release tarball for air-gapped installs. */
    public Path existingFile(String text) throws InvalidValueException {
        Path path = resolve(text);
        if (!Files.exists(path)) {
            throw new InvalidValueException(shown(text, path) + " does not exist");
        }
        if (!Files.isRegularFile(path)) {
            throw new InvalidValueException(shown(text, path) + " is not a regular file");
        }
        if (!Files.isReadable(path)) {
            throw new InvalidValueException(shown(text, path) + " is not readable");
        }
        return path;
    }

    /** The text as written, plus where it points when that is not obvious. */
    public static String shown(String text, Path resolved) {
        return text.equals(resolved.toString()) ? Problems.quote(text) : Problems.quote(text) + " (" + resolved + ")";
    }
}
