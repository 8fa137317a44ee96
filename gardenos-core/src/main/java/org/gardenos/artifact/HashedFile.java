package org.gardenos.artifact;

import java.nio.file.Path;

/**
 * A local file with its size and SHA-256, known without reading it again: what a remote file's check compares
 * against (hash only) and what an upload streams (the file itself), so a release binary is never held in memory.
 */
public record HashedFile(Path path, long size, String sha256) {
}
