package org.gardenos.testkit.images;

import java.nio.file.Path;

/**
 * Builds a one-layer OCI image without a registry or a container engine (gardenos-nspawn's
 * {@link org.gardenos.nspawn.images.OciImageBuilder}, under the tests' name): a root file system directory and/or
 * single files, an entrypoint, environment, written as an OCI image-layout tarball for {@code ctr images import}.
 *
 * <pre>{@code
 * OciImage busybox = OciImageBuilder.named("gardenos.test/busybox:1")
 *         .file(Path.of("/bin/busybox"), "/bin/busybox", 0755)
 *         .entrypoint("/bin/busybox", "sh")
 *         .writeTo(dir.resolve("busybox.tar"));
 * }</pre>
 */
public final class OciImageBuilder {
    private final org.gardenos.nspawn.images.OciImageBuilder builder;

    private OciImageBuilder(org.gardenos.nspawn.images.OciImageBuilder builder) {
        this.builder = builder;
    }

    /** {@code domain/name:tag}, e.g. {@code gardenos.test/patroni:15}. */
    public static OciImageBuilder named(String reference) {
        return new OciImageBuilder(org.gardenos.nspawn.images.OciImageBuilder.named(reference));
    }

    /** Adds a whole directory tree as the image's root (links, modes and owners as they are). */
    public OciImageBuilder rootfs(Path dir) {
        builder.rootfs(dir);
        return this;
    }

    /** Adds one file at {@code target} with {@code mode}. */
    public OciImageBuilder file(Path source, String target, int mode) {
        builder.file(source, target, mode);
        return this;
    }

    public OciImageBuilder entrypoint(String... args) {
        builder.entrypoint(args);
        return this;
    }

    public OciImageBuilder cmd(String... args) {
        builder.cmd(args);
        return this;
    }

    public OciImageBuilder env(String name, String value) {
        builder.env(name, value);
        return this;
    }

    /** Writes the OCI image-layout tarball and returns the image. */
    public OciImage writeTo(Path tarball) {
        return OciImage.of(builder.writeTo(tarball));
    }
}
