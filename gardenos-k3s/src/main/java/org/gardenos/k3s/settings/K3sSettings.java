package org.gardenos.k3s.settings;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** {@code k3s:} section. CIDRs and the disable list must be identical on every server, so they live here once. */
public record K3sSettings(String version, String clusterCidr, String serviceCidr, String clusterDns,
                          boolean hybrid, List<String> disable, int serverApiPort,
                          Optional<String> sha256, Optional<Path> artifact, String downloadBaseUrl,
                          K3sImages images) {
    /** The taint servers get when {@code hybrid} is false, so that only system workloads run there. */
    public static final String DEDICATED_SERVER_TAINT = "CriticalAddonsOnly=true:NoExecute";

    public K3sSettings {
        disable = List.copyOf(disable);
    }

    /** Without air-gap images, GardenOS's default local-path images. */
    public K3sSettings(String version, String clusterCidr, String serviceCidr, String clusterDns, boolean hybrid,
                       List<String> disable, int serverApiPort, Optional<String> sha256, Optional<Path> artifact,
                       String downloadBaseUrl) {
        this(version, clusterCidr, serviceCidr, clusterDns, hybrid, disable, serverApiPort, sha256, artifact,
                downloadBaseUrl, K3sImages.defaults());
    }

    /** Every key at its default, servers on {@code 6443} (what an absent {@code k3s:} section gives without lb). */
    public static K3sSettings defaults() {
        return new K3sSettings(K3sSection.DEFAULT_VERSION, K3sSection.DEFAULT_CLUSTER_CIDR,
                K3sSection.DEFAULT_SERVICE_CIDR, K3sSection.DEFAULT_CLUSTER_DNS, true, K3sSection.DEFAULT_DISABLE,
                K3sSection.SERVER_API_PORT, Optional.empty(), Optional.empty(), K3sSection.DEFAULT_DOWNLOAD_BASE_URL);
    }

    public K3sSettings withServerApiPort(int port) {
        return new K3sSettings(version, clusterCidr, serviceCidr, clusterDns, hybrid, disable, port, sha256, artifact,
                downloadBaseUrl, images);
    }
}
