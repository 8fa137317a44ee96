package org.gardenos.k3s.settings;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Images for a site without a registry: K3s's air-gap image tarball ({@code k3s.airgapImages}, a local
 * {@code k3s-airgap-images-amd64.tar.zst}, {@code .tar.gz} or {@code .tar}, always with {@code k3s.airgapImagesSha256})
 * placed where K3s imports it at start ({@code /var/lib/rancher/k3s/agent/images/}), and the images of GardenOS's
 * own local-path-provisioner ({@code k3s.localPathProvisionerImage}, {@code k3s.localPathHelperImage}), e.g. names
 * in a local registry mirror.
 */
public record K3sImages(Optional<Path> airgapImages, Optional<String> airgapImagesSha256,
                        String localPathProvisionerImage, String localPathHelperImage) {
    public static final String DEFAULT_PROVISIONER = "rancher/local-path-provisioner:v0.0.31";
    public static final String DEFAULT_HELPER = "rancher/mirrored-library-busybox:1.36.1";

    public static K3sImages defaults() {
        return new K3sImages(Optional.empty(), Optional.empty(), DEFAULT_PROVISIONER, DEFAULT_HELPER);
    }
}
