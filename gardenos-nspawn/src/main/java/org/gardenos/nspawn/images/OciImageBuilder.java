package org.gardenos.nspawn.images;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Builds a one-layer OCI image without a registry or a container engine: a root file system directory (e.g. a
 * debootstrap tree) and/or single files, an entrypoint, environment, written as an OCI image-layout tarball for
 * {@code ctr images import}.
 *
 * <pre>{@code
 * OciImage busybox = OciImageBuilder.named("gardenos.test/busybox:1")
 *         .file(Path.of("/bin/busybox"), "/bin/busybox", 0755)
 *         .entrypoint("/bin/busybox", "sh")
 *         .writeTo(dir.resolve("busybox.tar"));
 * }</pre>
 *
 * Why not jib-core: its tarball imports fine, but its layers follow symbolic links (resolving absolute ones on the
 * build machine), keep only nine permission bits (no setuid, no sticky {@code /tmp}), so a Debian root file system
 * cannot be carried faithfully; the layer here is a plain tar of the tree with links, modes and owners as they are.
 */
public final class OciImageBuilder {
    private static final Pattern REFERENCE = Pattern.compile("[a-z0-9.-]+(/[a-z0-9._-]+)+:[A-Za-z0-9._-]+");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String reference;
    private final List<Path> rootfsDirs = new ArrayList<>();
    private final List<FileEntry> files = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private List<String> entrypoint = List.of();
    private List<String> cmd = List.of();

    private OciImageBuilder(String reference) {
        this.reference = reference;
    }

    /** {@code domain/name:tag}, e.g. {@code gardenos.test/patroni:15}. */
    public static OciImageBuilder named(String reference) {
        if (reference == null || !REFERENCE.matcher(reference).matches()) {
            throw new IllegalArgumentException("image reference '" + reference + "' must look like "
                    + "gardenos.test/name:tag (a domain keeps the CRI from rewriting it to docker.io)");
        }
        return new OciImageBuilder(reference);
    }

    /** Everything under {@code dir} at the image's root, symbolic links, modes and owners kept. */
    public OciImageBuilder rootfs(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is not a directory");
        }
        rootfsDirs.add(dir);
        return this;
    }

    /**
     * One file of this machine at {@code target} (absolute) with {@code mode} (e.g. {@code 0755}), owned by root.
     * With a {@link #rootfs}, the target's directory must exist in it (merged-/usr links are kept as they are).
     */
    public OciImageBuilder file(Path source, String target, int mode) {
        if (!target.startsWith("/")) {
            throw new IllegalArgumentException("target '" + target + "' must be absolute");
        }
        files.add(new FileEntry(Objects.requireNonNull(source), target, mode));
        return this;
    }

    public OciImageBuilder entrypoint(String... args) {
        this.entrypoint = List.of(args);
        return this;
    }

    public OciImageBuilder cmd(String... args) {
        this.cmd = List.of(args);
        return this;
    }

    public OciImageBuilder env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Writes the OCI layout tarball to {@code tarball} (replaced when present). */
    public OciImage writeTo(Path tarball) {
        try {
            Path layer = Files.createTempFile(tarball.getParent(), ".layer-", ".tar.gz");
            try {
                String[] layerDigests = writeLayer(layer);
                byte[] config = config(layerDigests[0]);
                byte[] manifest = manifest(config, layerDigests[1], Files.size(layer));
                writeLayout(tarball, layer, layerDigests[1], config, manifest);
            } finally {
                Files.deleteIfExists(layer);
            }
            return new OciImage(reference, tarball);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write image " + reference + " to " + tarball, e);
        }
    }

    /** Returns {diffId, compressed digest} of the layer written to {@code file}. */
    private String[] writeLayer(Path file) throws IOException {
        MessageDigest compressed = sha256();
        MessageDigest uncompressed = sha256();
        try (OutputStream fileOut = Files.newOutputStream(file);
             DigestOutputStream gzDigest = new DigestOutputStream(fileOut, compressed);
             GZIPOutputStream gz = new GZIPOutputStream(gzDigest);
             DigestOutputStream tarDigest = new DigestOutputStream(gz, uncompressed);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(tarDigest)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Path dir : rootfsDirs) {
                new RootfsTar(tar).add(dir);
            }
            for (FileEntry f : files) {
                if (rootfsDirs.isEmpty()) {
                    RootfsTar.addParents(tar, f.target()); // with a root file system, its directories (or links) stay
                }
                TarArchiveEntry e = new TarArchiveEntry(f.target().substring(1));
                e.setMode(f.mode() | 0100000);
                e.setSize(Files.size(f.source()));
                e.setModTime(0);
                tar.putArchiveEntry(e);
                Files.copy(f.source(), tar);
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
        return new String[] {digest(uncompressed), digest(compressed)};
    }

    private byte[] config(String diffId) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("architecture", "amd64").put("os", "linux");
        ObjectNode config = root.putObject("config");
        if (!entrypoint.isEmpty()) {
            ArrayNode a = config.putArray("Entrypoint");
            entrypoint.forEach(a::add);
        }
        if (!cmd.isEmpty()) {
            ArrayNode a = config.putArray("Cmd");
            cmd.forEach(a::add);
        }
        ArrayNode envs = config.putArray("Env");
        envs.add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.forEach((k, v) -> envs.add(k + "=" + v));
        config.put("WorkingDir", "/");
        ObjectNode rootfs = root.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids").add(diffId);
        return JSON.writeValueAsBytes(root);
    }

    private static byte[] manifest(byte[] config, String layerDigest, long layerSize) throws IOException {
        ObjectNode m = JSON.createObjectNode();
        m.put("schemaVersion", 2).put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        m.set("config", descriptor("application/vnd.oci.image.config.v1+json", digest(config), config.length));
        m.putArray("layers").add(descriptor("application/vnd.oci.image.layer.v1.tar+gzip", layerDigest, layerSize));
        return JSON.writeValueAsBytes(m);
    }

    private void writeLayout(Path tarball, Path layer, String layerDigest, byte[] config, byte[] manifest)
            throws IOException {
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2).put("mediaType", "application/vnd.oci.image.index.v1+json");
        ObjectNode d = descriptor("application/vnd.oci.image.manifest.v1+json", digest(manifest), manifest.length);
        d.putObject("annotations").put("org.opencontainers.image.ref.name", reference);
        index.putArray("manifests").add(d);
        Path tmp = Files.createTempFile(tarball.getParent(), ".image-", ".tar");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(tmp))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            put(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
            put(tar, "index.json", JSON.writeValueAsBytes(index));
            put(tar, blob(digest(config)), config);
            put(tar, blob(digest(manifest)), manifest);
            TarArchiveEntry e = new TarArchiveEntry(blob(layerDigest));
            e.setSize(Files.size(layer));
            tar.putArchiveEntry(e);
            Files.copy(layer, tar);
            tar.closeArchiveEntry();
            tar.finish();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, tarball, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static ObjectNode descriptor(String mediaType, String digest, long size) {
        ObjectNode d = JSON.createObjectNode();
        d.put("mediaType", mediaType).put("digest", digest).put("size", size);
        return d;
    }

    private static String blob(String digest) {
        return "blobs/sha256/" + digest.substring("sha256:".length());
    }

    private static String digest(byte[] content) {
        MessageDigest d = sha256();
        d.update(content);
        return digest(d);
    }

    private static String digest(MessageDigest d) {
        return "sha256:" + HexFormat.of().formatHex(d.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record FileEntry(Path source, String target, int mode) {
    }
}
