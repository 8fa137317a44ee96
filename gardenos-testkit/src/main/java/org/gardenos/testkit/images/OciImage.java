package org.gardenos.testkit.images;

import java.nio.file.Path;

/**
 * An image built here as an OCI image-layout tarball for {@code ctr images import} (gardenos-nspawn's
 * {@link org.gardenos.nspawn.images.OciImage}, under the tests' name). The reference carries a registry-like domain
 * ({@code gardenos.test/...}) that never resolves, so nothing is ever pulled.
 */
public record OciImage(String reference, Path tarball) {
    static OciImage of(org.gardenos.nspawn.images.OciImage image) {
        return new OciImage(image.reference(), image.tarball());
    }

    /** The same image as gardenos-nspawn's type. */
    public org.gardenos.nspawn.images.OciImage local() {
        return new org.gardenos.nspawn.images.OciImage(reference, tarball);
    }
}
