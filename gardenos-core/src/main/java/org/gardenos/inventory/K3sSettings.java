package org.gardenos.inventory;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** {@code k3s:} section. CIDRs and the disable list must be identical on every server, so they live here once. */
public record K3sSettings(String version, String clusterCidr, String serviceCidr, String clusterDns,
                          boolean hybrid, List<String> disable, int serverApiPort,
                          Optional<String> sha256, Optional<Path> artifact, String downloadBaseUrl) {
    public K3sSettings {
        disable = List.copyOf(disable);
    }
}
