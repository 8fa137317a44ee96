package org.gardenos.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import org.gardenos.error.InputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches release files (etcd, K3s) once and keeps them verified in a cache keyed by SHA-256
 * ({@code CACHE/sha256/HEX/FILENAME}). A download goes to a temporary file, is hashed while it streams, and only
 * enters the cache when the hash matches; nothing unverified is ever used. When the expected hash comes from the
 * release's checksum file, the answer is remembered ({@code CACHE/checksums/...}) so a second fetch makes no request.
 */
public final class ReleaseArtifact {
    private static final Logger LOG = LoggerFactory.getLogger(ReleaseArtifact.class);

    /** Made on the first download: most commands (every no-op, every status) never download. */
    private final java.util.function.Supplier<HttpClient> http;
    private final Path cacheDir;
    private final Duration timeout;

    public ReleaseArtifact(HttpClient http, Path cacheDir, Duration timeout) {
        this(() -> http, cacheDir, timeout);
    }

    /** With the HTTP client made only when a download happens (the injector's binding, see DefaultsModule). */
    public ReleaseArtifact(java.util.function.Supplier<HttpClient> http, Path cacheDir, Duration timeout) {
        this.http = http;
        this.cacheDir = cacheDir;
        this.timeout = timeout;
    }

    public ReleaseArtifact(HttpClient http, ArtifactSettings settings) {
        this(http, settings.cacheDir(), settings.downloadTimeout());
    }

    /**
     * {@link ArtifactSettings#defaults()} with {@link #defaultHttpClient()}; inside an injector use the bound
     * {@code ReleaseArtifact} instead (see {@link org.gardenos.config.DefaultsModule}).
     */
    public static ReleaseArtifact withDefaultCache() {
        return new ReleaseArtifact(defaultHttpClient(), ArtifactSettings.defaults());
    }

    public static ReleaseArtifact withCache(Path cacheDir) {
        return new ReleaseArtifact(defaultHttpClient(), cacheDir, ArtifactSettings.defaults().downloadTimeout());
    }

    /** Redirects followed (release hosts redirect to their CDN), 20 s to connect. */
    public static HttpClient defaultHttpClient() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20)).build();
    }

    public Path cacheDir() {
        return cacheDir;
    }

    public FetchedArtifact fetch(ArtifactSpec spec) {
        if (spec.localPath().isPresent()) {
            return local(spec, spec.localPath().get());
        }
        Optional<String> expected = spec.sha256().or(() -> rememberedChecksum(spec));
        if (expected.isPresent()) {
            Optional<Path> cached = cached(expected.get(), spec.fileName());
            if (cached.isPresent()) {
                LOG.debug("{} from cache {}", spec.fileName(), cached.get());
                return new FetchedArtifact(cached.get(), expected.get(), false);
            }
        }
        String sha = expected.orElseGet(() -> checksumFromFile(spec));
        return download(spec, sha);
    }

    private FetchedArtifact local(ArtifactSpec spec, Path path) {
        if (!Files.isRegularFile(path)) {
            throw new InputException("artifact " + path + " does not exist or is not a file; hint: give the path of "
                    + "the release tarball you copied to this machine");
        }
        String actual = sha256(path);
        spec.sha256().ifPresent(wanted -> {
            if (!wanted.equals(actual)) {
                throw new ArtifactException("artifact " + path + " has SHA-256 " + actual + ", expected " + wanted
                        + " (sha256 setting): refusing it");
            }
        });
        return new FetchedArtifact(path, actual, false);
    }

    private FetchedArtifact download(ArtifactSpec spec, String expected) {
        URI uri = spec.fileUri();
        try {
            Path dir = Files.createDirectories(cacheDir.resolve("sha256").resolve(expected));
            Path tmp = Files.createTempFile(dir, "." + spec.fileName(), ".part");
            try {
                LOG.info("downloading {}", uri);
                HttpResponse<InputStream> r = http.get().send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                String actual;
                try (InputStream in = r.body()) {
                    if (r.statusCode() != 200) {
                        throw new ArtifactException("GET " + uri + " answered HTTP " + r.statusCode()
                                + "; hint: check the version and the download base URL");
                    }
                    actual = copyHashing(in, tmp);
                }
                if (!actual.equals(expected)) {
                    throw new ArtifactException("download " + uri + " has SHA-256 " + actual + ", expected "
                            + expected + " (" + source(spec) + "): refusing it");
                }
                Path target = dir.resolve(spec.fileName());
                moveAtomically(tmp, target);
                return new FetchedArtifact(target, expected, true);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new ArtifactException(downloadFailed(uri, e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArtifactException("GET " + uri + " interrupted", e);
        }
    }

    /**
     * One line for a failed GET. The JDK's ConnectException often has no message ("failed: null"), so name the
     * exception and point at the air-gapped alternative.
     */
    static String downloadFailed(URI uri, IOException e) {
        String why = e.getMessage() != null && !e.getMessage().isBlank() ? e.getMessage()
                : e.getClass().getSimpleName();
        return "GET " + uri + " failed: " + why
                + "; hint: without network access, set the layer's `artifact:` to a local release file";
    }

    private String checksumFromFile(ArtifactSpec spec) {
        URI uri = spec.checksumUri().orElseThrow();
        String body;
        try {
            HttpResponse<String> r = http.get().send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() != 200) {
                throw new ArtifactException("GET " + uri + " answered HTTP " + r.statusCode()
                        + "; hint: check the version and the download base URL, or give sha256 explicitly");
            }
            body = r.body();
        } catch (IOException e) {
            throw new ArtifactException(downloadFailed(uri, e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArtifactException("GET " + uri + " interrupted", e);
        }
        String sha = ChecksumFile.find(body, spec.fileName()).orElseThrow(() -> new ArtifactException(
                uri + " has no SHA-256 line for " + spec.fileName()));
        writeQuietly(rememberPath(spec), sha);
        return sha;
    }

    private Optional<String> rememberedChecksum(ArtifactSpec spec) {
        if (spec.checksumUri().isEmpty()) {
            return Optional.empty();
        }
        Path p = rememberPath(spec);
        try {
            return Files.exists(p) ? Optional.of(Files.readString(p).strip()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Path rememberPath(ArtifactSpec spec) {
        String key = HexFormat.of().formatHex(digest().digest(
                (spec.checksumUri().orElseThrow() + " " + spec.fileName()).getBytes(StandardCharsets.UTF_8)));
        return cacheDir.resolve("checksums").resolve(key);
    }

    /** The cached file when it is there and still hashes to {@code sha} (a corrupted cache entry is dropped). */
    private Optional<Path> cached(String sha, String fileName) {
        Path p = cacheDir.resolve("sha256").resolve(sha).resolve(fileName);
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        if (sha256(p).equals(sha)) {
            return Optional.of(p);
        }
        LOG.warn("cached {} no longer matches its SHA-256, downloading again", p);
        try {
            Files.delete(p);
        } catch (IOException e) {
            throw new ArtifactException("cannot remove corrupted cache entry " + p + ": " + e.getMessage(), e);
        }
        return Optional.empty();
    }

    private static String source(ArtifactSpec spec) {
        return spec.sha256().isPresent() ? "sha256 setting" : spec.checksumFile().orElse("checksum file");
    }

    /** Hex SHA-256 of a file. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return copyHashing(in, null);
        } catch (IOException e) {
            throw new ArtifactException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Hex SHA-256 of bytes. */
    public static String sha256(byte[] content) {
        return HexFormat.of().formatHex(digest().digest(content));
    }

    private static String copyHashing(InputStream in, Path target) throws IOException {
        MessageDigest md = digest();
        try (OutputStream out = target == null ? OutputStream.nullOutputStream() : Files.newOutputStream(target)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
                out.write(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void writeQuietly(Path p, String content) {
        try {
            Files.createDirectories(p.getParent());
            Path tmp = Files.createTempFile(p.getParent(), ".sum", ".tmp");
            Files.writeString(tmp, content);
            moveAtomically(tmp, p);
        } catch (IOException e) {
            LOG.debug("cannot remember checksum in {}: {}", p, e.getMessage());
        }
    }
}
