package org.gardenos.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine (root, tools). A missing prerequisite SKIPS the test with the reason, except
 * when the environment variable {@code CI=true}: there the machine is supposed to have everything, so the test
 * FAILS instead of silently not running.
 *
 * <p>{@link #require}, {@link #requireRoot} and {@link #requireCommands} use JUnit (an optional dependency of the
 * testkit: only tests call them). {@link #missing} and {@link #isRoot} need no JUnit, for the CLI's
 * {@code sandbox} command.
 */
public final class Prerequisites {
    /** Where tools are looked up besides {@code PATH}: a non-root PATH often lacks the sbin directories. */
    private static final List<String> EXTRA_DIRS = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin",
            "/usr/bin", "/sbin", "/bin");

    private Prerequisites() {
    }

    /** Skips the calling test with {@code reason} when {@code ok} is false; fails it instead when {@code CI=true}. */
    public static void require(boolean ok, String reason) {
        require(ok, reason, isCi());
    }

    /** Requires the process to run as root (uid 0). */
    public static void requireRoot() {
        require(isRoot(), "needs root (uid 0); this process runs as uid " + uid());
    }

    /** Requires every named command to be installed. The reason lists exactly the missing ones. */
    public static void requireCommands(String... names) {
        List<String> missing = missing(names);
        require(missing.isEmpty(), "missing commands: " + String.join(", ", missing));
    }

    /** The commands of {@code names} that are found neither on PATH nor in the usual bin/sbin directories. */
    public static List<String> missing(String... names) {
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

    public static boolean isRoot() {
        return uid() == 0;
    }

    /** True when the environment says this is a CI run ({@code CI=true}), where missing prerequisites fail. */
    public static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    static void require(boolean ok, String reason, boolean ci) {
        if (ok) {
            return;
        }
        if (ci) {
            throw new AssertionError("prerequisite missing (CI=true, so this fails instead of skipping): " + reason);
        }
        Assumptions.abort("skipped: " + reason);
    }

    private static int uid() {
        try {
            // /proc/self belongs to the effective uid of the process that looks at it
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }
}
