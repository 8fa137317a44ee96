package org.gardenos.testkit;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.gardenos.nspawn.LocalMachine;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine (root, tools). A missing prerequisite SKIPS the test with the reason, except
 * when the environment variable {@code CI=true}: there the machine is supposed to have everything, so the test
 * FAILS instead of silently not running.
 *
 * <p>{@link #require}, {@link #requireRoot} and {@link #requireCommands} use JUnit (an optional dependency of the
 * testkit: only tests call them). The machine facts themselves come from gardenos-nspawn's {@link LocalMachine},
 * which the CLI's {@code sandbox} command uses without JUnit.
 */
public final class Prerequisites {
    private Prerequisites() {
    }

    /** Skips the calling test with {@code reason} when {@code ok} is false; fails it instead when {@code CI=true}. */
    public static void require(boolean ok, String reason) {
        require(ok, reason, isCi());
    }

    /** Requires the process to run as root (uid 0). */
    public static void requireRoot() {
        require(isRoot(), "needs root (uid 0); this process runs as uid " + LocalMachine.uid());
    }

    /** Requires every named command to be installed. The reason lists exactly the missing ones. */
    public static void requireCommands(String... names) {
        List<String> missing = missing(names);
        require(missing.isEmpty(), "missing commands: " + String.join(", ", missing));
    }

    /** The commands of {@code names} that are not installed here ({@link LocalMachine#missingCommands}). */
    public static List<String> missing(String... names) {
        return LocalMachine.missingCommands(names);
    }

    /** The absolute path of an installed command ({@link LocalMachine#locate}). */
    public static Optional<Path> locate(String name) {
        return LocalMachine.locate(name);
    }

    public static boolean isRoot() {
        return LocalMachine.isRoot();
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
}
