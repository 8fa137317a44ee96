package org.gardenos.artifact;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.gardenos.error.InputException;

/**
 * Where verified release files are cached and how long one download may take; bound by
 * {@link org.gardenos.config.DefaultsModule} and rebound by embedders and tests (e.g. a cache in a temp dir).
 */
public record ArtifactSettings(Path cacheDir, Duration downloadTimeout) {
    public ArtifactSettings {
        List<String> problems = new ArrayList<>();
        if (cacheDir == null) {
            problems.add("artifact settings: cacheDir is required");
        }
        if (downloadTimeout == null || downloadTimeout.isNegative() || downloadTimeout.isZero()) {
            problems.add("artifact settings: downloadTimeout must be a positive duration, got " + downloadTimeout);
        }
        if (!problems.isEmpty()) {
            throw new InputException(problems);
        }
    }

    /** {@code ~/.cache/gardenos/artifacts}, 10 minutes per download. */
    public static ArtifactSettings defaults() {
        return new ArtifactSettings(Path.of(System.getProperty("user.home"), ".cache", "gardenos", "artifacts"),
                Duration.ofMinutes(10));
    }
}
