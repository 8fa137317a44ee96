package org.gardenos.testsupport;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
        if (met) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("prerequisite missing on CI (CI=true): " + reason);
        }
        assumeTrue(false, "skipped: " + reason);
    }

    public static void requireRoot(String why) {
        require("root".equals(System.getProperty("user.name")), why + " needs root (running as "
                + System.getProperty("user.name") + ")");
    }

    public static void requireExecutable(Path tool) {
        require(Files.isExecutable(tool), tool + " is not installed");
    }
}
