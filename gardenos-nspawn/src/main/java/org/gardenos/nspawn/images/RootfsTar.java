package org.gardenos.nspawn.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a directory tree into a layer tar as it is on disk: directories, regular files, symbolic links (never
 * followed), with full mode bits (setuid, sticky) and numeric owners. Device nodes, sockets and fifos are left out:
 * the container runtime gives every container its own {@code /dev}.
 */
final class RootfsTar {
    private final TarArchiveOutputStream tar;

    RootfsTar(TarArchiveOutputStream tar) {
        this.tar = tar;
    }

    void add(Path root) throws IOException {
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(root)) {
            entries = walk.filter(p -> !p.equals(root)).sorted(Comparator.comparing(Path::toString)).toList();
        }
        for (Path p : entries) {
            String name = root.relativize(p).toString();
            int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            TarArchiveEntry e;
            boolean regular = false;
            if (Files.isSymbolicLink(p)) {
                e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                e.setLinkName(Files.readSymbolicLink(p).toString());
            } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                e = new TarArchiveEntry(name + "/");
            } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                e = new TarArchiveEntry(name);
                e.setSize(Files.size(p));
                regular = true;
            } else {
                continue;
            }
            e.setMode(mode);
            e.setUserId((Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS));
            e.setGroupId((Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS));
            e.setModTime(Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis());
            tar.putArchiveEntry(e);
            if (regular) {
                Files.copy(p, tar);
            }
            tar.closeArchiveEntry();
        }
    }

    /** Directory entries (0755, root) for every parent of {@code target}, e.g. {@code bin/} for {@code /bin/x}. */
    static void addParents(TarArchiveOutputStream tar, String target) throws IOException {
        Set<String> seen = new HashSet<>();
        String[] parts = target.substring(1).split("/");
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            path.append(parts[i]).append('/');
            if (seen.add(path.toString())) {
                TarArchiveEntry e = new TarArchiveEntry(path.toString());
                e.setMode(040755);
                e.setModTime(0);
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
            }
        }
    }
}
