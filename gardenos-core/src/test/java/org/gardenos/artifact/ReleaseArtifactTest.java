package org.gardenos.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gardenos.error.InputException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a real HTTP server on 127.0.0.1 (JDK's HttpServer), never anything else. */
class ReleaseArtifactTest {
    private static final byte[] TARBALL = "pretend this is etcd-v3.4.23-linux-amd64.tar.gz".getBytes(StandardCharsets.UTF_8);
    private static final String NAME = "etcd-v3.4.23-linux-amd64.tar.gz";

    @TempDir
    Path cache;
    @TempDir
    Path other;

    private HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private String base;

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", ex -> {
            requests.add(ex.getRequestURI().getPath());
            byte[] body = files.get(ex.getRequestURI().getPath());
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
            } else {
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
            ex.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v3.4.23";
        files.put("/v3.4.23/" + NAME, TARBALL);
        files.put("/v3.4.23/SHA256SUMS", (ReleaseArtifact.sha256("other".getBytes(StandardCharsets.UTF_8))
                + "  etcd-v3.4.23-darwin-amd64.zip\n" + ReleaseArtifact.sha256(TARBALL) + "  " + NAME + "\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void aGoodDownloadIsCachedBySha256AndTheSecondFetchMakesNoRequest() throws Exception {
        ReleaseArtifact artifacts = ReleaseArtifact.withCache(cache);
        ArtifactSpec spec = ArtifactSpec.download(NAME, base, ReleaseArtifact.sha256(TARBALL));

        FetchedArtifact first = artifacts.fetch(spec);
        assertThat(first.downloaded()).isTrue();
        assertThat(first.path()).isEqualTo(cache.resolve("sha256").resolve(first.sha256()).resolve(NAME));
        assertThat(Files.readAllBytes(first.path())).isEqualTo(TARBALL);
        assertThat(requests).containsExactly("/v3.4.23/" + NAME);

        FetchedArtifact second = artifacts.fetch(spec);
        assertThat(second.downloaded()).isFalse();
        assertThat(second.path()).isEqualTo(first.path());
        assertThat(requests).hasSize(1);
    }

    @Test
    void theExpectedHashCanComeFromTheReleaseChecksumFileAndIsRemembered() {
        ReleaseArtifact artifacts = ReleaseArtifact.withCache(cache);
        ArtifactSpec spec = ArtifactSpec.downloadCheckedBy(NAME, base + "/", "SHA256SUMS");

        FetchedArtifact first = artifacts.fetch(spec);
        assertThat(first.sha256()).isEqualTo(ReleaseArtifact.sha256(TARBALL));
        assertThat(requests).containsExactly("/v3.4.23/SHA256SUMS", "/v3.4.23/" + NAME);

        assertThat(artifacts.fetch(spec).downloaded()).isFalse();
        assertThat(requests).hasSize(2);
    }

    @Test
    void aChecksumMismatchIsRefusedWithOneClearLineAndNothingIsCached() throws Exception {
        String wrong = "0".repeat(64);
        ReleaseArtifact artifacts = ReleaseArtifact.withCache(cache);
        assertThatThrownBy(() -> artifacts.fetch(ArtifactSpec.download(NAME, base, wrong)))
                .isInstanceOf(ArtifactException.class)
                .hasMessage("download " + base + "/" + NAME + " has SHA-256 " + ReleaseArtifact.sha256(TARBALL)
                        + ", expected " + wrong + " (sha256 setting): refusing it");
        try (var s = Files.walk(cache)) {
            assertThat(s.filter(Files::isRegularFile).toList()).isEmpty();
        }

        files.put("/v3.4.23/SHA256SUMS", (wrong + "  " + NAME + "\n").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> artifacts.fetch(ArtifactSpec.downloadCheckedBy(NAME, base, "SHA256SUMS")))
                .hasMessageContaining("expected " + wrong + " (SHA256SUMS): refusing it");
    }

    @Test
    void aMissingFileIsOneClearLine() {
        ReleaseArtifact artifacts = ReleaseArtifact.withCache(cache);
        assertThatThrownBy(() -> artifacts.fetch(ArtifactSpec.download("etcd-v9.9.9-linux-amd64.tar.gz", base,
                "1".repeat(64))))
                .isInstanceOf(ArtifactException.class)
                .hasMessage("GET " + base + "/etcd-v9.9.9-linux-amd64.tar.gz answered HTTP 404; hint: check the "
                        + "version and the download base URL");
        assertThatThrownBy(() -> artifacts.fetch(ArtifactSpec.downloadCheckedBy(NAME, base, "SHA512SUMS")))
                .hasMessageStartingWith("GET " + base + "/SHA512SUMS answered HTTP 404");
        assertThatThrownBy(() -> artifacts.fetch(ArtifactSpec.downloadCheckedBy("etcd-v3.4.23-windows.zip", base,
                "SHA256SUMS")))
                .hasMessage(base + "/SHA256SUMS has no SHA-256 line for etcd-v3.4.23-windows.zip");
    }

    @Test
    void aCorruptedCacheEntryIsDownloadedAgain() throws Exception {
        ReleaseArtifact artifacts = ReleaseArtifact.withCache(cache);
        ArtifactSpec spec = ArtifactSpec.download(NAME, base, ReleaseArtifact.sha256(TARBALL));
        Files.write(artifacts.fetch(spec).path(), "bit rot".getBytes(StandardCharsets.UTF_8));
        FetchedArtifact again = artifacts.fetch(spec);
        assertThat(again.downloaded()).isTrue();
        assertThat(Files.readAllBytes(again.path())).isEqualTo(TARBALL);
    }

    @Test
    void aLocalArtifactIsHashedAndCheckedWithoutAnyRequest() throws Exception {
        Path local = Files.write(other.resolve(NAME), TARBALL);
        ReleaseArtifact artifacts = ReleaseArtifact.withCache(cache);

        FetchedArtifact f = artifacts.fetch(ArtifactSpec.local(local, Optional.empty()));
        assertThat(f.path()).isEqualTo(local);
        assertThat(f.sha256()).isEqualTo(ReleaseArtifact.sha256(TARBALL));
        assertThat(artifacts.fetch(ArtifactSpec.local(local, Optional.of(ReleaseArtifact.sha256(TARBALL))))
                .sha256()).isEqualTo(f.sha256());
        assertThatThrownBy(() -> artifacts.fetch(ArtifactSpec.local(local, Optional.of("a".repeat(64)))))
                .isInstanceOf(ArtifactException.class).hasMessageContaining("refusing it");
        assertThatThrownBy(() -> artifacts.fetch(ArtifactSpec.local(other.resolve("nope.tar.gz"), Optional.empty())))
                .isInstanceOf(InputException.class).hasMessageContaining("nope.tar.gz does not exist");
        assertThat(requests).isEmpty();
    }

    /**
     * Issue 13: the binaries of a release tarball are extracted and hashed once; later runs (new instances, as new
     * processes are) neither hash the tarball nor extract it again.
     */
    @Test
    void releaseBinariesAreExtractedAndHashedOnceAcrossRuns() throws Exception {
        byte[] etcd = "ETCD".repeat(5000).getBytes(StandardCharsets.UTF_8);
        Path tarball = tarGz(other.resolve(NAME), Map.of("etcd-v3.4.23-linux-amd64/etcd", etcd,
                "etcd-v3.4.23-linux-amd64/etcdctl", "CTL".getBytes(StandardCharsets.UTF_8),
                "etcd-v3.4.23-linux-amd64/README.md", "readme".getBytes(StandardCharsets.UTF_8)));
        ReleaseArtifact run1 = ReleaseArtifact.withCache(cache);
        Map<String, HashedFile> files = run1.extract(run1.fetch(ArtifactSpec.local(tarball, Optional.empty())),
                Set.of("etcd", "etcdctl", "etcdutl"));

        assertThat(files).containsOnlyKeys("etcd", "etcdctl");
        assertThat(Files.readAllBytes(files.get("etcd").path())).isEqualTo(etcd);
        assertThat(files.get("etcd").sha256()).isEqualTo(ReleaseArtifact.sha256(etcd));
        assertThat(files.get("etcd").size()).isEqualTo(etcd.length);
        assertThat(run1.hashes().computed()).as("the tarball; the binaries were hashed as they were written")
                .isEqualTo(1);
        FileTime extractedAt = Files.getLastModifiedTime(files.get("etcd").path());

        ReleaseArtifact run2 = ReleaseArtifact.withCache(cache);
        Map<String, HashedFile> again = run2.extract(run2.fetch(ArtifactSpec.local(tarball, Optional.empty())),
                Set.of("etcd", "etcdctl", "etcdutl"));
        assertThat(again).isEqualTo(files);
        assertThat(run2.hashes().computed()).isZero();
        assertThat(Files.getLastModifiedTime(again.get("etcd").path())).isEqualTo(extractedAt);
    }

    @Test
    void aChangedExtractedBinaryIsExtractedAgain() throws Exception {
        byte[] etcd = "ETCD".getBytes(StandardCharsets.UTF_8);
        Path tarball = tarGz(other.resolve(NAME), Map.of("d/etcd", etcd));
        ReleaseArtifact artifacts = ReleaseArtifact.withCache(cache);
        FetchedArtifact fetched = artifacts.fetch(ArtifactSpec.local(tarball, Optional.empty()));
        Path extracted = artifacts.extract(fetched, Set.of("etcd")).get("etcd").path();
        Files.writeString(extracted, "tampered");

        HashedFile again = ReleaseArtifact.withCache(cache).extract(fetched, Set.of("etcd")).get("etcd");
        assertThat(Files.readAllBytes(again.path())).isEqualTo(etcd);
        assertThat(again.sha256()).isEqualTo(ReleaseArtifact.sha256(etcd));
    }

    static Path tarGz(Path target, Map<String, byte[]> entries) throws Exception {
        try (var out = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
                new org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream(
                        Files.newOutputStream(target)))) {
            for (Map.Entry<String, byte[]> e : new java.util.TreeMap<>(entries).entrySet()) {
                var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(e.getKey());
                entry.setSize(e.getValue().length);
                out.putArchiveEntry(entry);
                out.write(e.getValue());
                out.closeArchiveEntry();
            }
        }
        return target;
    }

    @Test
    void aShaThatIsNotHexIsBadInput() {
        assertThatThrownBy(() -> ArtifactSpec.download(NAME, base, "xyz"))
                .isInstanceOf(InputException.class).hasMessageContaining("'xyz' is not a SHA-256");
    }

    @Test
    void aFailedDownloadWithoutMessageStillSaysWhatHappenedAndWhatToDo() {
        String line = ReleaseArtifact.downloadFailed(java.net.URI.create("http://127.0.0.1:1/x.tar.gz"),
                new java.net.ConnectException());
        assertThat(line).isEqualTo("GET http://127.0.0.1:1/x.tar.gz failed: ConnectException; hint: without network"
                + " access, set the layer's `artifact:` to a local release file");
        assertThat(ReleaseArtifact.downloadFailed(java.net.URI.create("http://127.0.0.1:1/y"),
                new java.io.IOException("connection reset"))).contains("failed: connection reset; hint:");
    }
}
