package org.gardenos.nspawn;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Facts about this machine that the hosts need: root, installed commands. No JUnit here: the {@code sandbox} command
 * asks the same questions as the testkit's {@code Prerequisites}, which turns the answers into skips or failures.
 */
public final class LocalMachine {
    /** Where tools are looked up besides {@code PATH}: a non-root PATH often lacks the sbin directories. */
    private static final List<String> EXTRA_DIRS = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin",
            "/usr/bin", "/sbin", "/bin");

    private LocalMachine() {
    }

    /** The commands of {@code names} that are found neither on PATH nor in the usual bin/sbin directories. */
    public static List<String> missingCommands(String... names) {
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            if (locate(name).isEmpty()) {
                missing.add(name);
            }
        }
        return List.copyOf(missing);
    }

    /** The absolute path of an installed command, looked up on PATH and then in the usual bin/sbin directories. */
    public static Optional<Path> locate(String name) {
        if (name.contains("/")) {
            Path p = Path.of(name);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        Set<String> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(File.pathSeparator)) {
                if (!d.isEmpty()) {
                    dirs.add(d);
                }
            }
        }
        dirs.addAll(EXTRA_DIRS);
        for (String d : dirs) {
            Path candidate = Path.of(d, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** True when this process runs as uid 0. */
    public static boolean isRoot() {
        return uid() == 0;
    }

    /** The effective uid of this process, -1 when it cannot be read. */
    public static int uid() {
        try {
            // /proc/self belongs to the effective uid of the process that looks at it
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }
}
