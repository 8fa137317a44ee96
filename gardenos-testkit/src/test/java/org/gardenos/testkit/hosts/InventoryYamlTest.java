package org.gardenos.testkit.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gardenos.inventory.Role;
import org.junit.jupiter.api.Test;

class InventoryYamlTest {
    private static final Path KEY = Path.of("/run/gardenos-testkit/a1b2c3/id_ed25519");
    private static final Path KNOWN = Path.of("/run/gardenos-testkit/a1b2c3/known_hosts");

    @Test
    void rendersClusterSshHostsThenExtraSections() {
        String yaml = InventoryYaml.render("lab", "root", KEY, KNOWN,
                List.of(new InventoryYaml.Entry("node1", "10.213.77.11", Set.of(Role.LB, Role.ETCD, Role.SERVER))),
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
        assertThat(roles.get("a1")).containsExactlyInAnyOrder(Role.ETCD, Role.SERVER, Role.LB);
        assertThat(roles.get("a2")).containsExactlyInAnyOrder(Role.ETCD, Role.SERVER);
        assertThat(roles.get("a3")).containsExactlyInAnyOrder(Role.ETCD, Role.SERVER);
    }
}
