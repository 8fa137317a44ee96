package org.gardenos.testsupport;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Skips a test whose prerequisite (root, a tool) is missing here, with the reason; fails it instead when the
 * environment variable CI=true, so a CI machine never passes by skipping. (gardenos-core's own copy: the testkit
 * module's org.gardenos.testkit.Prerequisites depends on core, so core's tests cannot use it.)
 */
public final class Prerequisites {
    private Prerequisites() {
    }

    public static void require(boolean met, String reason) {
        require(met, reason, System.getenv("CI"));
    }

    static void require(boolean met, String reason, String ciVariable) {
        if (met) {
            return;
        }
        if ("true".equalsIgnoreCase(ciVariable)) {
            fail("prerequisite missing on CI (CI=true): " + reason);
        }
        assumeTrue(false, "skipped: " + reason);
    }

    public static void requireRoot(String why) {
        require(isRoot(), why + " needs root (running as " + System.getProperty("user.name") + ")");
    }

    public static void requireExecutable(Path tool) {
        require(Files.isExecutable(tool), tool + " is not installed");
    }

    /** The effective uid is 0: /proc/self belongs to the process's effective user. */
    static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
