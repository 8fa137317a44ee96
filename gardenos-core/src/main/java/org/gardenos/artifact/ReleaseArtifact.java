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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
    private final FileHashes hashes;

    public ReleaseArtifact(HttpClient http, Path cacheDir, Duration timeout) {
        this(() -> http, cacheDir, timeout);
    }

    /** With the HTTP client made only when a download happens (the injector's binding, see DefaultsModule). */
    public ReleaseArtifact(java.util.function.Supplier<HttpClient> http, Path cacheDir, Duration timeout) {
        this.http = http;
        this.cacheDir = cacheDir;
        this.timeout = timeout;
        this.hashes = new FileHashes(cacheDir.resolve("hashes"));
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

    /** The hashes of local files this instance has computed or reused (see {@link FileHashes}). */
    public FileHashes hashes() {
        return hashes;
    }

    /**
     * The regular files of a fetched {@code .tar.gz} whose base names are in {@code names}, extracted once into
     * {@code CACHE/extracted/SHA/KEY/} and hashed while they were written. Later runs reuse them: each file's hash
     * is checked against the one recorded at extraction through {@link FileHashes} (so only a file whose size or
     * mtime changed is read again), and anything missing or different is extracted again.
     */
    public Map<String, HashedFile> extract(FetchedArtifact archive, Set<String> names) {
        String key = sha256(String.join(",", new TreeSet<>(names)).getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        Path dir = cacheDir.resolve("extracted").resolve(archive.sha256()).resolve(key);
        Optional<Map<String, HashedFile>> kept = extracted(dir);
        if (kept.isPresent()) {
            return kept.get();
        }
        try {
            Files.createDirectories(dir.getParent());
            Path tmp = Files.createTempDirectory(dir.getParent(), "." + key);
            try {
                Map<String, HashedFile> found = TarGz.extractTo(archive.path(), names, tmp);
                StringBuilder sums = new StringBuilder();
                found.forEach((name, f) -> sums.append(f.sha256()).append("  ").append(name).append('\n'));
                Files.writeString(tmp.resolve(SUMS), sums);
                // another process may have finished the same extraction meanwhile: keep its files, they may be in use
                if (extracted(dir).isPresent()) {
                    return extracted(dir).get();
                }
                deleteTree(dir);
                try {
                    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                    // hashed while written: the check right below and later runs need not read them again
                    found.forEach((name, f) -> hashes.remember(dir.resolve(name), f.sha256()));
                } catch (IOException raced) {
                    LOG.debug("{} appeared meanwhile: {}", dir, raced.toString());
                }
            } finally {
                deleteTree(tmp);
            }
        } catch (IOException e) {
            throw new ArtifactException("cannot extract " + archive.path() + " into " + dir + ": " + e.getMessage(), e);
        }
        return extracted(dir).orElseThrow(() -> new ArtifactException("extracted files of " + archive.path()
                + " in " + dir + " do not match their recorded SHA-256 right after extraction"));
    }

    private static final String SUMS = "SHA256SUMS";

    /** What a finished extraction left in {@code dir}, when every file still hashes as recorded. */
    private Optional<Map<String, HashedFile>> extracted(Path dir) {
        Path sums = dir.resolve(SUMS);
        if (!Files.isRegularFile(sums)) {
            return Optional.empty();
        }
        try {
            Map<String, HashedFile> out = new LinkedHashMap<>();
            for (String line : Files.readAllLines(sums)) {
                String[] w = line.split("  ", 2);
                if (w.length != 2 || w[1].contains("/") || w[1].startsWith(".")) {
                    return Optional.empty();
                }
                Path file = dir.resolve(w[1]);
                if (!Files.isRegularFile(file) || !hashes.sha256(file).equals(w[0])) {
                    LOG.warn("extracted {} no longer matches its SHA-256, extracting again", file);
                    return Optional.empty();
                }
                out.put(w[1], new HashedFile(file, Files.size(file), w[0]));
            }
            return Optional.of(out);
        } catch (IOException | ArtifactException e) {
            return Optional.empty();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
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
        String actual = hashes.sha256(path);
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
        if (hashes.sha256(p).equals(sha)) {
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

    /** Copies {@code in} to {@code target} (or nowhere when null), returning the hex SHA-256 of what passed. */
    static String copyHashing(InputStream in, Path target) throws IOException {
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

    static void moveAtomically(Path from, Path to) throws IOException {
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
