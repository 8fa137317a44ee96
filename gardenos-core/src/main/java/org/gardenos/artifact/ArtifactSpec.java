package org.gardenos.artifact;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import org.gardenos.error.InputException;

/**
 * Which release file to get and how to trust it. {@code baseUrl} is the release directory (the file is
 * {@code baseUrl/fileName}). The expected SHA-256 is {@code sha256} when given, else the line for {@code fileName}
 * in {@code baseUrl/checksumFile} (etcd ships {@code SHA256SUMS}). {@code localPath} replaces the download for
 * air-gapped sites; it is hashed and checked all the same.
 */
public record ArtifactSpec(String fileName, String baseUrl, Optional<String> sha256, Optional<String> checksumFile,
                           Optional<Path> localPath) {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public ArtifactSpec {
        sha256 = sha256.map(s -> s.trim().toLowerCase(java.util.Locale.ROOT));
        sha256.ifPresent(s -> {
            if (!HEX64.matcher(s).matches()) {
                throw new InputException("sha256 for " + fileName + ": '" + s
                        + "' is not a SHA-256 (64 hex digits); hint: copy it from the release's checksum file");
            }
        });
        if (sha256.isEmpty() && checksumFile.isEmpty() && localPath.isEmpty()) {
            throw new IllegalArgumentException(fileName + ": neither a sha256 nor a checksum file to verify against");
        }
    }

    public static ArtifactSpec download(String fileName, String baseUrl, String sha256) {
        return new ArtifactSpec(fileName, baseUrl, Optional.of(sha256), Optional.empty(), Optional.empty());
    }

    public static ArtifactSpec downloadCheckedBy(String fileName, String baseUrl, String checksumFile) {
        return new ArtifactSpec(fileName, baseUrl, Optional.empty(), Optional.of(checksumFile), Optional.empty());
    }

    public static ArtifactSpec local(Path path, Optional<String> sha256) {
        return new ArtifactSpec(path.getFileName().toString(), "", sha256, Optional.empty(), Optional.of(path));
    }

    public URI fileUri() {
        return URI.create(stripSlash(baseUrl) + "/" + fileName);
    }

    public Optional<URI> checksumUri() {
        return checksumFile.map(c -> URI.create(stripSlash(baseUrl) + "/" + c));
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
