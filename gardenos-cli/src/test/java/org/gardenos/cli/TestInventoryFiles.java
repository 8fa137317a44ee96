package org.gardenos.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The three-node inventory the CLI command tests run against: documentation addresses that are never contacted
 * (the tests bind a stand-in connector), a placeholder key file and an empty known_hosts beside it.
 */
final class TestInventoryFiles {
    static final String THREE_NODES = """
            cluster: garden
            ssh:
              privateKey: id_ed25519
              knownHosts: known_hosts
            hosts:
              - name: node-1
                address: 203.0.113.11
                roles: [etcd, server, lb]
              - name: node-2
                address: 203.0.113.12
                roles: [etcd, server]
              - name: node-3
                address: 203.0.113.13
                roles: [etcd, server]
            """;

    private TestInventoryFiles() {
    }

    /** Writes gardenos.yaml, id_ed25519 and known_hosts into {@code dir}; returns the inventory's path. */
    static Path threeNodes(Path dir) throws IOException {
        Files.writeString(dir.resolve("id_ed25519"), "stand-in key, never read");
        Files.writeString(dir.resolve("known_hosts"), "");
        return Files.writeString(dir.resolve("gardenos.yaml"), THREE_NODES);
    }
}
