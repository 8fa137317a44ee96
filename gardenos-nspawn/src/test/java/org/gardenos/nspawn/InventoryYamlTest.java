package org.gardenos.nspawn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gardenos.inventory.HostSpec;
import org.gardenos.standin.StandInSections;
import org.gardenos.inventory.Inventory;
import org.gardenos.inventory.InventoryLoader;
import org.gardenos.inventory.Role;
import org.junit.jupiter.api.Test;

class InventoryYamlTest {
    private static final Path KEY = Path.of("/run/gardenos-testkit/a1b2c3/id_ed25519");
    private static final Path KNOWN = Path.of("/run/gardenos-testkit/a1b2c3/known_hosts");

    @Test
    void rendersClusterSshHostsThenExtraSections() {
        String yaml = InventoryYaml.render("lab", "root", KEY, KNOWN,
                List.of(new InventoryYaml.Entry("node1", "10.213.77.11", Set.of(Role.of("lb"), Role.of("etcd"), Role.of("server")))),
                "k3s:\n  version: v1.31.4+k3s1\n");
        assertThat(yaml).isEqualTo("""
                cluster: lab
                ssh:
                  user: root
                  port: 22
                  privateKey: /run/gardenos-testkit/a1b2c3/id_ed25519
                  knownHosts: /run/gardenos-testkit/a1b2c3/known_hosts
                hosts:
                - name: node1
                  address: 10.213.77.11
                  roles:
                  - etcd
                  - server
                  - lb
                k3s:
                  version: v1.31.4+k3s1
                """);
    }

    @Test
    void gardenosInventoryLoaderAcceptsTheRenderedFile() {
        List<InventoryYaml.Entry> hosts = List.of(
                new InventoryYaml.Entry("node1", "10.213.77.11", Set.of(Role.of("etcd"), Role.of("server"), Role.of("lb"))),
                new InventoryYaml.Entry("node2", "10.213.77.12", Set.of(Role.of("etcd"), Role.of("server"))),
                new InventoryYaml.Entry("node3", "10.213.77.13", Set.of(Role.of("etcd"), Role.of("server"))));
        String yaml = InventoryYaml.render("lab", "gardenos", KEY, KNOWN, hosts, "etcd:\n  tls: false\n");
        Inventory inventory = StandInSections.loader().parse(yaml, Path.of("gardenos-lab.yaml")).inventory();
        assertThat(inventory.cluster()).isEqualTo("lab");
        assertThat(inventory.ssh().user()).isEqualTo("gardenos");
        assertThat(inventory.ssh().privateKey()).isEqualTo(KEY);
        assertThat(inventory.ssh().knownHosts()).isEqualTo(KNOWN);
        assertThat(inventory.hosts()).extracting(HostSpec::address)
                .containsExactly("10.213.77.11", "10.213.77.12", "10.213.77.13");
        assertThat(inventory.hostsWith(Role.of("lb"))).extracting(HostSpec::name).containsExactly("node1");
        assertThat(inventory.section(StandInSections.Etcd.class).values().get("tls")).isEqualTo("false");
    }

    @Test
    void extraYamlRepeatingASectionIsRefused() {
        assertThatThrownBy(() -> InventoryYaml.render("lab", "root", KEY, KNOWN, List.of(), "hosts: []\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hosts");
    }

    @Test
    void extraYamlThatIsNotYamlIsRefused() {
        assertThatThrownBy(() -> InventoryYaml.render("lab", "root", KEY, KNOWN, List.of(), "etcd: [unclosed\n"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultRolesPutTheLoadBalancerOnTheFirstHost() {
        Map<String, Set<Role>> roles = InventoryYaml.defaultRoles(List.of("a1", "a2", "a3"));
        assertThat(roles.get("a1")).containsExactlyInAnyOrder(Role.of("etcd"), Role.of("server"), Role.of("lb"));
        assertThat(roles.get("a2")).containsExactlyInAnyOrder(Role.of("etcd"), Role.of("server"));
        assertThat(roles.get("a3")).containsExactlyInAnyOrder(Role.of("etcd"), Role.of("server"));
    }
}
