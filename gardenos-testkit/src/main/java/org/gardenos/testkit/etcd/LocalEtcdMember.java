package org.gardenos.testkit.etcd;

import java.net.URI;
import java.nio.file.Path;

/**
 * One member of a {@link LocalEtcdCluster}: its name ({@code etcd-1}...), loopback address, ports and data dir.
 * {@code scheme} is {@code https} when the cluster runs with TLS.
 */
public record LocalEtcdMember(int index, String name, String address, int clientPort, int peerPort, int metricsPort,
                              Path dataDir, Path logFile, String scheme) {
    public URI clientUrl() {
        return URI.create(scheme + "://" + address + ":" + clientPort);
    }

    public URI peerUrl() {
        return URI.create(scheme + "://" + address + ":" + peerPort);
    }

    /** Plain HTTP metrics listener: serves {@code /health} without client certificates. */
    public URI healthUrl() {
        return URI.create("http://" + address + ":" + metricsPort + "/health");
    }
}
