package org.gardenos.postgres.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;
import org.gardenos.error.GardenException;

/**
 * The state directory's {@code backups/}: mode 0700, every file 0600 from its creation. A backup is written as
 * hidden {@code .partial} files and renamed into place only when complete, the archive last: so an interrupted run
 * leaves nothing that looks like a backup, and the next run removes what it left (under a lock, so two runs do not
 * remove each other's files).
 */
public final class BackupDirectory implements AutoCloseable {
    static final FileAttribute<Set<PosixFilePermission>> FILE_0600 =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    static final FileAttribute<Set<PosixFilePermission>> DIR_0700 =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private final Path dir;
    private final FileChannel lockFile;
    private final FileLock lock;

    private BackupDirectory(Path dir, FileChannel lockFile, FileLock lock) {
        this.dir = dir;
        this.lockFile = lockFile;
        this.lock = lock;
    }

    /** Opens (creating, mode 0700) and locks {@code dir}, then removes what an interrupted run left. */
    public static BackupDirectory open(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            FileChannel channel = FileChannel.open(dir.resolve(".lock"), Set.of(StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE), FILE_0600);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new GardenException(dir + " is in use by another backup or restore (lock " + dir.resolve(".lock")
                        + "); wait for it to finish");
            }
            BackupDirectory backups = new BackupDirectory(dir, channel, lock);
            backups.removeLeftovers();
            return backups;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the backup directory " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return dir;
    }

    /** A fresh 0700 work directory for one run ({@code .work-NAME}), removed by the run or by the next one. */
    Path workDir(String name) throws IOException {
        return Files.createDirectory(dir.resolve(".work-" + name), DIR_0700);
    }

    /** Creates {@code file} 0600 (before any byte is in it) and opens it for writing. */
    static OutputStream create0600(Path file) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, FILE_0600);
        return Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** Writes {@code content} to {@code target} through a 0600 temp file, fsync, and an atomic rename. */
    static void writeAtomically(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".partial");
        try (OutputStream out = create0600(tmp)) {
            out.write(content);
        }
        sync(tmp);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    static void sync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + root + ": " + e.getMessage(), e);
        }
    }

    /** Partial files, work directories and a manifest whose archive never got its final name. */
    private void removeLeftovers() throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.startsWith(".work-") || name.endsWith(".partial")) {
                    deleteTree(p);
                } else if (name.endsWith(".manifest.json")) {
                    String base = name.substring(0, name.length() - ".manifest.json".length());
                    if (!Files.exists(dir.resolve(base + ".tar"))) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockFile.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release " + dir.resolve(".lock") + ": " + e.getMessage(), e);
        }
    }
}
