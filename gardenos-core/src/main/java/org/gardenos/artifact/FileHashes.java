package org.gardenos.artifact;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SHA-256 of local files, computed once per file version: the answer is kept (in memory, and in {@code dir} for
 * later processes) under the file's absolute path together with its size and modification time, and reused while
 * both are unchanged, the way {@code make} and {@code git status} trust a file's stat. Why: hashing the etcd
 * release (tarball and binaries) on every run and per host was half of a no-op apply's CPU (issue 13). A file
 * rewritten in place with the same size within the same mtime tick is not noticed; release files are not.
 */
public final class FileHashes {
    private static final Logger LOG = LoggerFactory.getLogger(FileHashes.class);

    private final Path dir;
    private final Map<Path, Entry> known = new ConcurrentHashMap<>();
    private final AtomicInteger computed = new AtomicInteger();

    /** {@code dir}: where the hashes are kept between processes (created when first needed). */
    public FileHashes(Path dir) {
        this.dir = dir;
    }

    private record Entry(long size, long mtimeNanos, String sha256) {
        String line() {
            return size + " " + mtimeNanos + " " + sha256 + "\n";
        }

        static Optional<Entry> parse(String line) {
            String[] w = line.strip().split(" ");
            try {
                return w.length == 3 && w[2].matches("[0-9a-f]{64}")
                        ? Optional.of(new Entry(Long.parseLong(w[0]), Long.parseLong(w[1]), w[2])) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    /** The file's SHA-256, hashed only when its size or modification time differ from the kept answer. */
    public String sha256(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(abs, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new ArtifactException("cannot read " + file + ": " + e.getMessage(), e);
        }
        long mtime = a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
        Entry e = known.get(abs);
        if (e == null) {
            e = stored(abs).orElse(null);
        }
        if (e != null && e.size() == a.size() && e.mtimeNanos() == mtime) {
            known.put(abs, e);
            return e.sha256();
        }
        computed.incrementAndGet();
        Entry fresh = new Entry(a.size(), mtime, ReleaseArtifact.sha256(abs));
        known.put(abs, fresh);
        store(abs, fresh);
        return fresh.sha256();
    }

    /** The file as a {@link HashedFile} (size and hash through {@link #sha256(Path)}). */
    public HashedFile hashed(Path file) {
        String sha = sha256(file);
        try {
            return new HashedFile(file, Files.size(file), sha);
        } catch (IOException e) {
            throw new ArtifactException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Records a hash computed while the file was written (extraction), so it is not read again. */
    void remember(Path file, String sha256) {
        Path abs = file.toAbsolutePath().normalize();
        try {
            BasicFileAttributes a = Files.readAttributes(abs, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Entry e = new Entry(a.size(), a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS), sha256);
            known.put(abs, e);
            store(abs, e);
        } catch (IOException e) {
            LOG.debug("cannot remember the hash of {}: {}", file, e.getMessage());
        }
    }

    /** How many files this instance has actually read and hashed (the rest were answered from what was kept). */
    public int computed() {
        return computed.get();
    }

    private Path entryFile(Path abs) {
        return dir.resolve(ReleaseArtifact.sha256(abs.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private Optional<Entry> stored(Path abs) {
        try {
            Path p = entryFile(abs);
            return Files.isRegularFile(p) ? Entry.parse(Files.readString(p)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void store(Path abs, Entry e) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".hash", ".tmp");
            Files.writeString(tmp, e.line());
            ReleaseArtifact.moveAtomically(tmp, entryFile(abs));
        } catch (IOException ex) {
            // only a later process pays: it hashes the file again
            LOG.debug("cannot keep the hash of {} in {}: {}", abs, dir, ex.getMessage());
        }
    }
}
