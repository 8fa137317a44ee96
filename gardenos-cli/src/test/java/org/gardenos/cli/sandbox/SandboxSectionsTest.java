package org.gardenos.cli.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gardenos.cli.command.LayerModules;
import org.gardenos.etcd.EtcdClientCredentialsFromPki;
import org.gardenos.inventory.LoadedInventory;
import org.gardenos.k3s.settings.K3sSettings;
import org.gardenos.nspawn.images.PatroniImage;
import org.gardenos.postgres.lb.PostgresLoadBalancedService;
import org.gardenos.postgres.settings.Flavor;
import org.gardenos.postgres.settings.PostgresSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sections {@code sandbox up} writes after the hosts load through the CLI's real sections without an error or a
 * warning, and the postgres section is the one the sandbox can run: the patroni flavor with the image the keeper
 * imports, the node's StorageClass, pg_hba open to the sandbox Kubernetes' real pod and Service networks.
 */
class SandboxSectionsTest {
    @TempDir
    Path dir;

    @Test
    void theSandboxSectionsLoadAndPointPostgresAtTheImportedImageAndTheNodesStorage() throws Exception {
        Path key = Files.writeString(dir.resolve("id_ed25519"), "placeholder");
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), "");
        Path etcd = Files.writeString(dir.resolve("etcd-v3.4.23-linux-amd64.tar.gz"), "placeholder");
        String text = """
                cluster: sandbox
                ssh: {user: root, port: 22, privateKey: KEY, knownHosts: KNOWN}
                hosts:
                  - {name: node1, address: 10.213.77.11, roles: [etcd, server, lb]}
                  - {name: node2, address: 10.213.77.12, roles: [etcd, server]}
                  - {name: node3, address: 10.213.77.13, roles: [etcd, server]}
                """.replace("KEY", key.toString()).replace("KNOWN", knownHosts.toString())
                + SandboxSections.render("3.4.23", etcd.toString(), "0".repeat(64), "10.214.0.0/16", "10.215.0.0/16",
                "local-static", Map.of("k8s-node1", "10.213.77.14"));

        LoadedInventory loaded = LayerModules.shipped().inventoryLoader().parse(text, dir.resolve("gardenos.yaml"));

        assertThat(loaded.warnings()).isEmpty();
        PostgresSettings pg = loaded.inventory().section(PostgresSettings.class);
        assertThat(pg.present()).isTrue();
        assertThat(pg.flavor()).isEqualTo(Flavor.PATRONI);
        assertThat(pg.image()).isEqualTo(PatroniImage.REFERENCE);
        assertThat(pg.replicas()).isEqualTo(3);
        assertThat(pg.volume().storageClass()).isEqualTo(Optional.of("local-static"));
        assertThat(pg.volume().size()).isEqualTo("1Gi");
        assertThat(pg.allowedNetworks()).isEqualTo(List.of("10.214.0.0/16", "10.215.0.0/16"));
        assertThat(loaded.inventory().section(K3sSettings.class).clusterCidr()).isEqualTo("10.214.0.0/16");
        // the node is not an inventory host: HAProxy on node1 forwards to it, not to the server hosts
        assertThat(pg.nodes()).containsExactly(new PostgresSettings.Node("k8s-node1", "10.213.77.14"));
        assertThat(new PostgresLoadBalancedService(new EtcdClientCredentialsFromPki()).haproxySections(loaded.inventory(), "0.0.0.0")
                .lines().filter(l -> l.startsWith("    server "))).containsExactly(
                "    server k8s-node1 10.213.77.14:30432 check port 30808",
                "    server k8s-node1 10.213.77.14:30433 check port 30809");
    }
}
