package org.gardenos.inventory;

import java.nio.file.Path;
import java.util.Optional;

/** Rules shared by the sections that download a release (etcd, k3s). */
public final class Downloads {
    private Downloads() {
    }

    /** Over plain http the release and its checksum file come from the same unauthenticated place. */
    public static void warnIfUnverifiedHttp(Section section, String baseUrl, Optional<String> sha256, Optional<Path> artifact) {
        if (baseUrl.regionMatches(true, 0, "http://", 0, 7) && sha256.isEmpty() && artifact.isEmpty()) {
            section.problems().warn(section.pathOf("downloadBaseUrl"), Problems.quote(baseUrl)
                    + " is plain http and no sha256 is set: the download cannot be verified (set "
                    + section.pathOf("sha256") + ")");
        }
    }
}
