package org.gardenos.testsupport;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prerequisite checks for tests that run real software: a missing tool SKIPS the test with the reason, except
 * under CI=true where it FAILS (the project's rule; written inline until the testkit's Prerequisites lands).
 */
public final class Tools {
    private Tools() {
    }

    public static Path require(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            for (String d : new String[] {dir, "/usr/sbin", "/sbin"}) {
                Path p = Path.of(d, tool);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        unavailable(tool + " is not installed (apt-get install " + tool + ")");
        return null;
    }

    public static void unavailable(String reason) {
        if ("true".equals(System.getenv("CI"))) {
            fail("CI=true and a prerequisite is missing: " + reason);
        }
        assumeTrue(false, reason);
    }
}
