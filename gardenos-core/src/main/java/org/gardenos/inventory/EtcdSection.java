package org.gardenos.inventory;

import java.nio.file.Path;
import java.util.Optional;

/** Reads the {@code etcd:} section. */
final class EtcdSection {
    static final String DEFAULT_VERSION = "3.5.21";
    static final int DEFAULT_CLIENT_PORT = 2379;
    static final int DEFAULT_PEER_PORT = 2380;
    static final String DEFAULT_DATA_DIR = "/var/lib/etcd";
    static final String DEFAULT_DOWNLOAD_BASE_URL = "https://github.com/etcd-io/etcd/releases/download";

    private EtcdSection() {
    }

    static EtcdSettings parse(Section etcd, LocalPaths paths) {
        String version = etcd.string("version", DEFAULT_VERSION, Formats::etcdVersion);
        int clientPort = etcd.port("clientPort", DEFAULT_CLIENT_PORT);
        int peerPort = etcd.port("peerPort", DEFAULT_PEER_PORT);
        String dataDir = etcd.string("dataDir", DEFAULT_DATA_DIR, Formats::remoteDirectory);
        boolean tls = etcd.bool("tls", true);
        Optional<String> sha256 = etcd.string("sha256", Formats::sha256);
        Optional<Path> artifact = etcd.string("artifact", paths::existingFile);
        String downloadBaseUrl = etcd.string("downloadBaseUrl", DEFAULT_DOWNLOAD_BASE_URL, Formats::baseUrl);
        etcd.finish();
        Downloads.warnIfUnverifiedHttp(etcd, downloadBaseUrl, sha256, artifact);
        return new EtcdSettings(version, clientPort, peerPort, dataDir, tls, sha256, artifact, downloadBaseUrl);
    }
}
