package org.gardenos.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.gardenos.GardenOS;
import org.gardenos.cli.StatePkiTlsFiles;
import org.gardenos.etcd.EtcdModule;
import org.gardenos.etcd.EtcdOperations;
import org.gardenos.etcd.EtcdSnapshotFile;
import org.gardenos.inventory.Inventory;
import org.gardenos.inventory.InventoryLoader;
import org.gardenos.remote.ssh.HostKeyPolicy;
import org.gardenos.remote.ssh.SshRemoteHostConnector;
import org.gardenos.state.StateDir;
import org.gardenos.testkit.etcd.EtcdPrerequisites;
import org.gardenos.testkit.etcd.LocalEtcdCluster;
import org.gardenos.testkit.etcd.LocalEtcdMember;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operation example of docs/embedding.md ({@code garden.get(EtcdOperations.class).saveSnapshot(...)}), run as
 * written against a REAL one-member TLS etcd on loopback ({@link LocalEtcdCluster}) whose certificates come from
 * the production PKI in the state directory, as {@code apply etcd} leaves it. {@link EmbeddingDocTest} keeps the
 * block between the markers and the document identical. The SSH connector is never used by a snapshot.
 */
class EtcdOperationExampleTest {
    @TempDir
    Path dir;

    @Test
    void aSnapshotSavedThroughTheInjectedOperationsIsVerifiedAndPrivate() throws Exception {
        EtcdPrerequisites.requireEtcd();
        Path stateDir = dir.resolve("state");
        try (LocalEtcdCluster cluster = LocalEtcdCluster.builder().members(1)
                .tls(new StatePkiTlsFiles(StateDir.open(stateDir))).build()) {
            LocalEtcdMember member = cluster.members().get(0);
            Files.writeString(dir.resolve("id_ed25519"), "never read: a snapshot needs no SSH");
            Files.writeString(dir.resolve("known_hosts"), "");
            Path inventoryFile = Files.writeString(dir.resolve("gardenos.yaml"), """
                    cluster: local
                    ssh:
                      privateKey: id_ed25519
                      knownHosts: known_hosts
                    hosts:
                      - name: %s
                        address: %s
                        roles: [etcd]
                    """.formatted(member.name(), member.address()));
            cluster.start();
            Inventory inventory = InventoryLoader.forModules(List.of(new EtcdModule())).load(inventoryFile).inventory();
            Path backupFile = dir.resolve("backups/etcd.db");
            List<String> printed = new ArrayList<>();

            // --- example: etcd-operation ---
            try (GardenOS garden = GardenOS.builder()
                    .inventory(inventory)
                    .stateDir(stateDir)                                       // holds the PKI 'apply etcd' made
                    .connector(new SshRemoteHostConnector(inventory.ssh(), HostKeyPolicy.STRICT))
                    .addModule(new EtcdModule())
                    .build()) {
                EtcdOperations etcd = garden.get(EtcdOperations.class);      // bound by EtcdModule
                EtcdSnapshotFile saved = etcd.saveSnapshot(backupFile);       // verified, then renamed; mode 0600
                printed.add("saved " + saved.path() + ": " + saved.size() + " bytes, sha256 " + saved.sha256());
            }
            // --- end of example ---

            assertThat(printed).singleElement().satisfies(line -> assertThat(line)
                    .startsWith("saved " + backupFile + ": ").containsPattern("sha256 [0-9a-f]{64}$"));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backupFile)))
                    .isEqualTo("rw-------");
            assertThat(EtcdSnapshotFile.verify(backupFile).size()).isEqualTo(Files.size(backupFile));
        }
    }
}
