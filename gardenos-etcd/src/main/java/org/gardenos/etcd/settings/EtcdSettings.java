package org.gardenos.etcd.settings;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code etcd:} section. {@code artifact} is a local release tarball for air-gapped sites;
 * otherwise the release is downloaded from {@code downloadBaseUrl} and checked against {@code sha256}
 * (or the release's checksum file when absent).
 */
public record EtcdSettings(String version, int clientPort, int peerPort, String dataDir, boolean tls,
                           Optional<String> sha256, Optional<Path> artifact, String downloadBaseUrl) {
    /** Every key at its default (what an absent {@code etcd:} section gives). */
    public static EtcdSettings defaults() {
        return new EtcdSettings(EtcdSection.DEFAULT_VERSION, EtcdSection.DEFAULT_CLIENT_PORT,
                EtcdSection.DEFAULT_PEER_PORT, EtcdSection.DEFAULT_DATA_DIR, true, Optional.empty(), Optional.empty(),
                EtcdSection.DEFAULT_DOWNLOAD_BASE_URL);
    }
}
