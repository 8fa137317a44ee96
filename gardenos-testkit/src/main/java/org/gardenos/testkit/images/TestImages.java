package org.gardenos.testkit.images;

import java.nio.file.Path;
import org.gardenos.nspawn.images.ClusterImages;

/**
 * The images the test cluster and its tests use, built here (no registry is reachable): gardenos-nspawn's
 * {@link ClusterImages} under the tests' name. The pause image comes from the static pause binary built from
 * Kubernetes' {@code build/pause/linux/pause.c}; the small workload image is Debian's {@code busybox-static}
 * ({@code sh}, {@code httpd}, {@code nc}; call applets as {@code /bin/busybox NAME}).
 */
public final class TestImages {
    public static final String PAUSE = ClusterImages.PAUSE;
    public static final String BUSYBOX = ClusterImages.BUSYBOX;
    /** Debian's busybox-static installs a statically linked busybox here. */
    public static final Path BUSYBOX_BINARY = ClusterImages.BUSYBOX_BINARY;

    private TestImages() {
    }

    public static OciImage pause(Path pauseBinary, Path tarball) {
        return OciImage.of(ClusterImages.pause(pauseBinary, tarball));
    }

    /** The busybox image; needs Debian's {@code busybox-static} (a dynamically linked busybox would not run). */
    public static OciImage busybox(Path tarball) {
        return OciImage.of(ClusterImages.busybox(tarball));
    }
}
