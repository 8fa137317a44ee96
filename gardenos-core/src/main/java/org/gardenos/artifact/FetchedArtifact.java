package org.gardenos.artifact;

import java.nio.file.Path;

/** A verified artifact on the admin machine. {@code downloaded} is false when it came from the cache or a local path. */
public record FetchedArtifact(Path path, String sha256, boolean downloaded) {
}
