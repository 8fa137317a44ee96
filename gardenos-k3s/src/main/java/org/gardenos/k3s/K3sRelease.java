package org.gardenos.k3s;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.gardenos.artifact.ArtifactSpec;
import org.gardenos.k3s.settings.K3sSettings;

/**
 * Which K3s binary to install: {@code k3s.artifact} (a local file, for air-gapped sites; checked against
 * {@code k3s.sha256} when given) or the release's {@code k3s} file under
 * {@code downloadBaseUrl/VERSION/}, verified by {@code k3s.sha256} or else the release's
 * {@code sha256sum-amd64.txt}. Downloads are cached and verified by {@link org.gardenos.artifact.ReleaseArtifact}.
 * Only amd64 is supported (the inventory has no architecture).
 */
public final class K3sRelease {
    public static final String BINARY_FILE = "k3s";
    public static final String CHECKSUM_FILE = "sha256sum-amd64.txt";

    private K3sRelease() {
    }

    public static ArtifactSpec spec(K3sSettings k3s) {
        if (k3s.artifact().isPresent()) {
            return ArtifactSpec.local(k3s.artifact().get(), k3s.sha256());
        }
        // the version has a '+' (v1.33.1+k3s1), which must be escaped in the URL path
        String base = k3s.downloadBaseUrl() + "/" + URLEncoder.encode(k3s.version(), StandardCharsets.UTF_8);
        return new ArtifactSpec(BINARY_FILE, base, k3s.sha256(),
                k3s.sha256().isPresent() ? Optional.empty() : Optional.of(CHECKSUM_FILE), Optional.empty());
    }
}
