package org.gardenos.nspawn.images;

import java.nio.file.Path;

/**
 * An image built here as an OCI image-layout tarball ({@code oci-layout}, {@code index.json} with the
 * {@code org.opencontainers.image.ref.name} annotation, blobs), which {@code ctr images import} takes as is. The
 * reference carries a registry-like domain ({@code gardenos.test/...}) so the CRI does not rewrite it to
 * {@code docker.io/library/...}; {@code .test} never resolves, so nothing is ever pulled.
 */
public record OciImage(String reference, Path tarball) {
}
