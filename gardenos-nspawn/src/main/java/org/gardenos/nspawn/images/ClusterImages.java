package org.gardenos.nspawn.images;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The images the test cluster and its tests use, built here (no registry is reachable): the pause image from the
 * static pause binary built from Kubernetes' {@code build/pause/linux/pause.c}, and a small workload image of
 * Debian's {@code busybox-static} ({@code sh}, {@code httpd}, {@code nc}; its static {@code wget} crashes; call applets as
 * {@code /bin/busybox NAME}).
 */
public final class ClusterImages {
    public static final String PAUSE = "gardenos.test/pause:3.4.1";
    public static final String BUSYBOX = "gardenos.test/busybox:1.35";
    /** Debian's busybox-static installs a statically linked busybox here. */
    public static final Path BUSYBOX_BINARY = Path.of("/bin/busybox");

    private ClusterImages() {
    }

    public static OciImage pause(Path pauseBinary, Path tarball) {
        return OciImageBuilder.named(PAUSE).file(pauseBinary, "/pause", 0755).entrypoint("/pause").writeTo(tarball);
    }

    /** The busybox image; needs Debian's {@code busybox-static} (a dynamically linked busybox would not run). */
    public static OciImage busybox(Path tarball) {
        if (!Files.isExecutable(BUSYBOX_BINARY)) {
            throw new IllegalStateException(BUSYBOX_BINARY + " missing: install Debian's busybox-static");
        }
        return OciImageBuilder.named(BUSYBOX).file(BUSYBOX_BINARY, "/bin/busybox", 0755)
                .entrypoint("/bin/busybox").cmd("sh").writeTo(tarball);
    }
}
