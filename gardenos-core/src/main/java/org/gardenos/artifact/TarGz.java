package org.gardenos.artifact;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads regular files out of a {@code .tar.gz} (through commons-compress: ustar, GNU and PAX long names), selected
 * by their base name, so release binaries are extracted on the admin machine and uploaded as plain files whose
 * hashes can be compared.
 */
public final class TarGz {
    /** Release binaries are tens of MiB; anything near 2 GiB is not one of them. */
    private static final long MAX_ENTRY = Integer.MAX_VALUE - 16;

    private TarGz() {
    }

    /**
     * Writes the regular files whose base name is in {@code baseNames} (first match wins) into {@code dir} as they
     * stream out of the archive, hashing them on the way: nothing is held in memory. Returns them by base name.
     */
    public static Map<String, HashedFile> extractTo(Path tarGz, Set<String> baseNames, Path dir) {
        Map<String, HashedFile> out = new LinkedHashMap<>();
        each(tarGz, baseNames, (base, in) -> {
            Files.createDirectories(dir);
            Path target = dir.resolve(base);
            String sha = ReleaseArtifact.copyHashing(in, target);
            out.put(base, new HashedFile(target, Files.size(target), sha));
        });
        return out;
    }

    /** Contents of the regular files whose base name is in {@code baseNames}; first match wins. */
    public static Map<String, byte[]> extract(Path tarGz, Set<String> baseNames) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        each(tarGz, baseNames, (base, in) -> out.put(base, in.readAllBytes()));
        return out;
    }

    private interface EntryReader {
        void read(String baseName, InputStream content) throws IOException;
    }

    /** Hands each selected regular file (first of its base name only) to {@code reader}, in archive order. */
    private static void each(Path tarGz, Set<String> baseNames, EntryReader reader) {
        Set<String> seen = new HashSet<>();
        try (InputStream file = new BufferedInputStream(Files.newInputStream(tarGz), 1 << 16);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.getName();
                String base = name.substring(name.lastIndexOf('/') + 1);
                if (!entry.isFile() || !baseNames.contains(base) || !seen.add(base)) {
                    continue;
                }
                if (entry.getSize() > MAX_ENTRY) {
                    throw new IOException("entry too large: " + name + " (" + entry.getSize() + " bytes)");
                }
                reader.read(base, tar);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ArtifactException("cannot read " + tarGz + " as a .tar.gz: " + e.getMessage(), e);
        }
    }
}
