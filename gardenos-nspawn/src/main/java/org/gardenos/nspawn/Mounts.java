package org.gardenos.nspawn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The overlay mounts of host disks, and what is mounted on this machine (from {@code /proc/self/mountinfo}). */
final class Mounts {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private Mounts() {
    }

    /** Mounts an overlay: {@code lower} read-only (the cached base), writes go to {@code upper}. */
    static void mountOverlay(Path lower, Path upper, Path work, Path merged) {
        String options = "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work;
        LocalCommand.run(List.of("mount", "-t", "overlay", "overlay", "-o", options, merged.toString())).requireOk();
    }

    static boolean isMountPoint(Path dir) {
        return mountPoints().contains(dir.toAbsolutePath().normalize());
    }

    /** Unmounts {@code dir}; falls back to a lazy unmount when something still holds it busy. */
    static void unmount(Path dir) {
        LocalCommand.Result r = LocalCommand.run(List.of("umount", dir.toString()));
        if (!r.ok() && isMountPoint(dir)) {
            LocalCommand.run(List.of("umount", "--lazy", dir.toString())).requireOk();
        }
    }

    /** Mount points at or below {@code dir}, deepest first (the order to unmount them in). */
    static List<Path> under(Path dir) {
        Path prefix = dir.toAbsolutePath().normalize();
        List<Path> result = new ArrayList<>();
        for (Path p : mountPoints()) {
            if (p.startsWith(prefix)) {
                result.add(p);
            }
        }
        result.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        return result;
    }

    static List<Path> mountPoints() {
        try {
            return parseMountPoints(Files.readString(MOUNTINFO));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + MOUNTINFO + ": " + e.getMessage(), e);
        }
    }

    /** The fifth field of each mountinfo line, with the kernel's octal escapes ({@code \040} for space) decoded. */
    static List<Path> parseMountPoints(String mountinfo) {
        List<Path> result = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            String[] fields = line.split(" ");
            if (fields.length > 4) {
                result.add(Path.of(unescape(fields[4])));
            }
        }
        return result;
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()
                    && s.substring(i + 1, i + 4).chars().allMatch(ch -> ch >= '0' && ch <= '7')) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
