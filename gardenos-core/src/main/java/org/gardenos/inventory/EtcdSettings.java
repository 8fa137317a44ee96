package org.gardenos.inventory;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code etcd:} section. {@code artifact} is a local release tarball for air-gapped sites;
 * otherwise the release is downloaded from {@code downloadBaseUrl} and checked against {@code sha256}
 * (or the release's checksum file when absent).
 */
public record EtcdSettings(String version, int clientPort, int peerPort, String dataDir, boolean tls,
                           Optional<String> sha256, Optional<Path> artifact, String downloadBaseUrl) {
}
