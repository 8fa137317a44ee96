package org.gardenos.testkit.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OCI layout tarball's structure, digests and layer contents (containerd's import is covered by the cluster tests). */
class OciImageBuilderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void indexNamesTheImageAndEveryDigestMatchesItsBlob() throws Exception {
        Path binary = Files.writeString(dir.resolve("tool"), "#!/bin/sh\necho hi\n");
        OciImage image = OciImageBuilder.named("gardenos.test/tool:1").file(binary, "/usr/bin/tool", 0755)
                .entrypoint("/usr/bin/tool").env("GREETING", "hi").writeTo(dir.resolve("tool.tar"));

        Map<String, byte[]> files = untar(Files.readAllBytes(image.tarball()));
        assertThat(files).containsKeys("oci-layout", "index.json");
        JsonNode index = JSON.readTree(files.get("index.json"));
        JsonNode manifestRef = index.path("manifests").get(0);
        assertThat(manifestRef.path("annotations").path("org.opencontainers.image.ref.name").asText())
                .isEqualTo("gardenos.test/tool:1");
        byte[] manifestBytes = blob(files, manifestRef.path("digest").asText());
        JsonNode manifest = JSON.readTree(manifestBytes);
        byte[] config = blob(files, manifest.path("config").path("digest").asText());
        assertThat(manifest.path("config").path("size").asLong()).isEqualTo(config.length);
        JsonNode cfg = JSON.readTree(config);
        assertThat(cfg.path("config").path("Entrypoint").get(0).asText()).isEqualTo("/usr/bin/tool");
        assertThat(cfg.path("config").path("Env").toString()).contains("GREETING=hi");
        byte[] layer = blob(files, manifest.path("layers").get(0).path("digest").asText());
        byte[] uncompressed = new GZIPInputStream(new ByteArrayInputStream(layer)).readAllBytes();
        assertThat(cfg.path("rootfs").path("diff_ids").get(0).asText()).isEqualTo(sha256(uncompressed));
        Map<String, TarArchiveEntry> entries = entries(uncompressed);
        assertThat(entries).containsKeys("usr/", "usr/bin/", "usr/bin/tool");
        assertThat(entries.get("usr/bin/tool").getMode() & 07777).isEqualTo(0755);
    }

    @Test
    void rootfsKeepsSymlinksUnresolvedAndSpecialModeBits() throws Exception {
        Path root = Files.createDirectories(dir.resolve("rootfs"));
        Files.createDirectories(root.resolve("usr/bin"));
        Files.createSymbolicLink(root.resolve("bin"), Path.of("usr/bin"));
        Files.createSymbolicLink(root.resolve("usr/bin/awk"), Path.of("/etc/alternatives/awk"));
        Path tmp = Files.createDirectories(root.resolve("tmp"));
        Files.setAttribute(tmp, "unix:mode", 01777);
        Path su = Files.writeString(root.resolve("usr/bin/su"), "x");
        Files.setPosixFilePermissions(su, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setAttribute(su, "unix:mode", 04755);

        OciImage image = OciImageBuilder.named("gardenos.test/rootfs:1").rootfs(root).writeTo(dir.resolve("r.tar"));

        Map<String, byte[]> files = untar(Files.readAllBytes(image.tarball()));
        JsonNode manifest = JSON.readTree(blob(files, JSON.readTree(files.get("index.json")).path("manifests").get(0)
                .path("digest").asText()));
        byte[] layer = blob(files, manifest.path("layers").get(0).path("digest").asText());
        Map<String, TarArchiveEntry> entries = entries(new GZIPInputStream(new ByteArrayInputStream(layer)).readAllBytes());
        assertThat(entries.get("bin").isSymbolicLink()).isTrue();
        assertThat(entries.get("bin").getLinkName()).isEqualTo("usr/bin");
        assertThat(entries.get("usr/bin/awk").getLinkName()).isEqualTo("/etc/alternatives/awk");
        assertThat(entries.get("tmp/").getMode() & 07777).isEqualTo(01777);
        assertThat(entries.get("usr/bin/su").getMode() & 07777).isEqualTo(04755);
    }

    @Test
    void aReferenceWithoutDomainIsRefused() {
        assertThatThrownBy(() -> OciImageBuilder.named("busybox:latest"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("docker.io");
    }

    private static byte[] blob(Map<String, byte[]> files, String digest) throws Exception {
        byte[] b = files.get("blobs/sha256/" + digest.substring(7));
        assertThat(b).as(digest).isNotNull();
        assertThat(sha256(b)).isEqualTo(digest);
        return b;
    }

    private static String sha256(byte[] b) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static Map<String, byte[]> untar(byte[] tar) throws IOException {
        Map<String, byte[]> out = new HashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                out.put(e.getName(), in.readAllBytes());
            }
        }
        return out;
    }

    private static Map<String, TarArchiveEntry> entries(byte[] tar) throws IOException {
        Map<String, TarArchiveEntry> out = new HashMap<>();
        try (InputStream raw = new ByteArrayInputStream(tar); TarArchiveInputStream in = new TarArchiveInputStream(raw)) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                out.put(e.getName(), e);
            }
        }
        return out;
    }
}
