package org.gardenos.postgres.realcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Searches for the layer's kept passwords where they must never be: process command lines (this machine's
 * {@code /proc}, which also shows every process of the nspawn nodes and their containers), texts (logs, events) and
 * world-readable files written during the test. Findings name the place, never the password.
 */
final class PasswordLeaks {
    private static final long MAX_FILE = 256 * 1024;
    private final List<String> passwords;
    private final long sinceMillis;

    PasswordLeaks(List<String> passwords, long sinceMillis) {
        this.passwords = List.copyOf(passwords);
        this.sinceMillis = sinceMillis;
    }

    /** Every {@code *.password} the layer keeps in the state directory, and the etcd layer's {@code etcd/passwords/*}. */
    static List<String> keptPasswords(Path stateRoot) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(stateRoot.resolve("postgres"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".password")).toList()) {
                out.add(Files.readString(p, StandardCharsets.UTF_8).strip());
            }
        }
        Path etcd = stateRoot.resolve("etcd/passwords");
        if (Files.isDirectory(etcd)) {
            try (Stream<Path> files = Files.list(etcd)) {
                // USER.set holds a digest of what was set, not a password
                for (Path p : files.filter(f -> !f.toString().endsWith(".set")).toList()) {
                    out.add(Files.readString(p, StandardCharsets.UTF_8).strip());
                }
            }
        }
        return out;
    }

    /** Which passwords (by position) {@code text} contains. */
    List<String> in(String text) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < passwords.size(); i++) {
            if (text.contains(passwords.get(i))) {
                found.add("password #" + i);
            }
        }
        return found;
    }

    /** Processes whose command line holds a password (pid and program only). */
    List<String> inProcessArguments() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                String cmdline;
                try {
                    cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    continue; // the process ended
                }
                if (!in(cmdline).isEmpty()) {
                    found.add(p.getFileName() + " " + cmdline.split("\0", 2)[0]);
                }
            }
        }
        return found;
    }

    /** Regular files under {@code root} changed during the test, readable by others, holding a password. */
    List<String> worldReadableFiles(Path root) {
        List<String> found = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
                    String name = root.relativize(d).toString();
                    return name.equals("proc") || name.equals("sys") || name.equals("dev")
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
                    if (a.isRegularFile() && a.size() <= MAX_FILE && a.lastModifiedTime().toMillis() >= sinceMillis
                            && worldReadable(f) && !in(read(f)).isEmpty()) {
                        found.add(f.toString());
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    private static boolean worldReadable(Path f) {
        try {
            return Files.getPosixFilePermissions(f, LinkOption.NOFOLLOW_LINKS).contains(PosixFilePermission.OTHERS_READ);
        } catch (IOException e) {
            return false;
        }
    }

    private static String read(Path f) {
        try {
            return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }
}
