package org.gardenos.cli.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import org.gardenos.inventory.Inventory;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.gardenos.k3s.settings.K3sSettings;
import org.gardenos.lb.settings.LoadBalancerSettings;

/** Rules across sections: required roles, the K3s server API port, ports per host, pod and service networks. */
class TopologyRulesTest {
    @TempDir
    Path dir;
    InventoryFixture fx;

    @BeforeEach
    void setUp() {
        fx = new InventoryFixture(dir);
    }

    private static String threeNodes(String firstRoles, String more) {
        return """
                cluster: garden
                hosts:
                  - name: node-1
                    address: 203.0.113.11
                    roles: [%s]
                  - name: node-2
                    address: 203.0.113.12
                    roles: [etcd, server]
                  - name: node-3
                    address: 203.0.113.13
                    roles: [etcd, server]
                """.formatted(firstRoles) + more.stripIndent();
    }

    // --- roles ---------------------------------------------------------------------------------------------------

    @Test
    void atLeastOneEtcdAndOneServerHost() {
        assertThat(fx.errors("""
                cluster: garden
                hosts:
                  - name: node-1
                    address: 203.0.113.11
                    roles: [lb]
                """)).containsExactly(
                "gardenos.yaml:3:3: hosts: no host has the role 'etcd' or 'server' (at least one etcd and one server host are needed)");
        assertThat(fx.errors(InventoryFixture.MINIMAL.replace("[etcd, server]", "[etcd, agent]"))).containsExactly(
                "gardenos.yaml:3:3: hosts: no host has the role 'server' (at least one etcd and one server host are needed)");
    }

    @Test
    void roleCountsAreNotGuessedWhenAHostHasErrors() {
        // node-1's misspelled role must not also produce "no host has the role 'etcd'"
        assertThat(fx.errors("""
                cluster: garden
                hosts:
                  - name: node-1
                    address: 203.0.113.11
                    roles: [ectd, server]
                """)).containsExactly(
                "gardenos.yaml:5:13: hosts[0].roles[0]: unknown role 'ectd' (did you mean 'etcd'? roles are etcd, server, agent, lb)");
    }

    @Test
    void evenNumberOfEtcdMembersIsAWarning() {
        assertThat(fx.warnings(threeNodes("etcd, server", """
                  - name: node-4
                    address: 203.0.113.14
                    roles: [etcd]
                """))).containsExactly("gardenos.yaml:3:3: hosts: 4 hosts have the role 'etcd': an even number of members"
                + " tolerates no more failures than 3 (prefer an odd number)");
        assertThat(fx.warnings(threeNodes("etcd, server", ""))).isEmpty();
    }

    // --- k3s.serverApiPort ---------------------------------------------------------------------------------------

    @Test
    void serverApiPortDefaultsTo6443WithoutAnLbOnAServer() {
        assertThat(fx.inventory(threeNodes("etcd, server", "")).section(K3sSettings.class).serverApiPort()).isEqualTo(6443);
        // an lb host that is not a server leaves 6443 to the servers
        assertThat(fx.inventory(threeNodes("etcd, server", """
                  - name: lb-1
                    address: 203.0.113.20
                    roles: [lb]
                """)).section(K3sSettings.class).serverApiPort()).isEqualTo(6443);
    }

    @Test
    void serverApiPortDefaultsTo7443WhenAHostIsLbAndServer() {
        Inventory inventory = fx.inventory(threeNodes("etcd, server, lb", ""));
        assertThat(inventory.section(K3sSettings.class).serverApiPort()).isEqualTo(7443);
        assertThat(inventory.section(LoadBalancerSettings.class).apiPort()).isEqualTo(6443);
    }

    @Test
    void explicitServerApiPortIsKept() {
        assertThat(fx.inventory(threeNodes("etcd, server, lb", "k3s:\n  serverApiPort: 16443\n")).section(K3sSettings.class).serverApiPort())
                .isEqualTo(16443);
        // equal to loadBalancer.apiPort is fine when HAProxy runs on a host of its own
        assertThat(fx.inventory(threeNodes("etcd, server", """
                  - name: lb-1
                    address: 203.0.113.20
                    roles: [lb]
                k3s:
                  serverApiPort: 6443
                """)).section(K3sSettings.class).serverApiPort()).isEqualTo(6443);
    }

    @Test
    void explicitServerApiPortEqualToTheLbPortOnALbServerIsAnError() {
        assertThat(fx.errors(threeNodes("etcd, server, lb", """
                k3s:
                  serverApiPort: 6443
                """))).containsExactly("gardenos.yaml:13:18: k3s.serverApiPort: port 6443 is loadBalancer.apiPort, which"
                + " HAProxy owns on node-1 (lb and server); leave k3s.serverApiPort out (it then defaults to 7443) or pick another port");
        assertThat(fx.errors(threeNodes("etcd, server, lb", """
                loadBalancer:
                  apiPort: 8443
                k3s:
                  serverApiPort: 8443
                """))).singleElement().asString().startsWith("gardenos.yaml:15:18: k3s.serverApiPort: port 8443 is loadBalancer.apiPort");
    }

    // --- ports on one host ---------------------------------------------------------------------------------------

    @Test
    void portsOfOneHostMustDiffer() {
        assertThat(fx.errors(threeNodes("etcd, server", """
                etcd:
                  clientPort: 22
                  peerPort: 22
                """))).containsExactly(
                "gardenos.yaml:13:15: etcd.clientPort: port 22 is also ssh.port on node-1, node-2, node-3; the ports a host listens on must differ",
                "gardenos.yaml:14:13: etcd.peerPort: port 22 is also ssh.port on node-1, node-2, node-3; the ports a host listens on must differ");
    }

    @Test
    void portsCollideOnlyWhereTheRolesMeet() {
        String lbOnItsOwn = threeNodes("etcd, server", """
                  - name: lb-1
                    address: 203.0.113.20
                    roles: [lb]
                loadBalancer:
                  statsPort: 2379
                """);
        assertThat(fx.inventory(lbOnItsOwn).section(LoadBalancerSettings.class).statsPort()).isEqualTo(2379);

        assertThat(fx.errors(threeNodes("etcd, server, lb", """
                loadBalancer:
                  statsPort: 2379
                """))).containsExactly("gardenos.yaml:13:14: loadBalancer.statsPort: port 2379 is also etcd.clientPort on"
                + " node-1; the ports a host listens on must differ");
    }

    @Test
    void collisionWithADefaultIsReportedAtTheWrittenKey() {
        assertThat(fx.errors(threeNodes("etcd, server", """
                ssh:
                  port: 2380
                """))).containsExactly("gardenos.yaml:13:9: ssh.port: port 2380 is also etcd.peerPort on node-1, node-2,"
                + " node-3; the ports a host listens on must differ");
    }

    @Test
    void defaultServerApiPortCollisionPointsAtTheOtherKey() {
        assertThat(fx.errors(threeNodes("etcd, server, lb", """
                loadBalancer:
                  statsPort: 7443
                """))).containsExactly("gardenos.yaml:13:14: loadBalancer.statsPort: port 7443 is also k3s.serverApiPort"
                + " on node-1; the ports a host listens on must differ");
    }

    @Test
    void k3sTakesTheNextPortForItsInternalApiserverAndTheKubeletPort() {
        assertThat(fx.errors(threeNodes("etcd, server", """
                etcd:
                  clientPort: 6444
                  peerPort: 10250
                """))).containsExactly(
                "gardenos.yaml:13:15: etcd.clientPort: port 6444 is also K3s's internal kube-apiserver port (k3s.serverApiPort + 1)"
                        + " on node-1, node-2, node-3; the ports a host listens on must differ",
                "gardenos.yaml:14:13: etcd.peerPort: port 10250 is also the kubelet's port 10250 on node-1, node-2, node-3;"
                        + " the ports a host listens on must differ");
    }

    @Test
    void agentsListenOnTheKubeletPortToo() {
        assertThat(fx.errors(threeNodes("etcd, server", """
                  - name: worker-1
                    address: 203.0.113.21
                    roles: [agent]
                ssh:
                  port: 10250
                """))).containsExactly("gardenos.yaml:16:9: ssh.port: port 10250 is also the kubelet's port 10250 on"
                + " node-1, node-2, node-3, worker-1; the ports a host listens on must differ");
    }

    @Test
    void serverApiPortAtTheTopLeavesNoRoomForTheInternalApiserver() {
        assertThat(fx.errors(threeNodes("etcd, server", "k3s:\n  serverApiPort: 65535\n"))).containsExactly(
                "gardenos.yaml:13:18: k3s.serverApiPort: port 65535 leaves no port for K3s's internal kube-apiserver (k3s.serverApiPort + 1)");
    }

    @Test
    void invalidPortsAreNotComparedAgain() {
        assertThat(fx.errors(threeNodes("etcd, server", """
                etcd:
                  clientPort: "22"
                """))).containsExactly("gardenos.yaml:13:15: etcd.clientPort: expected a port number 1-65535, got the string '22'");
    }

    // --- networks ------------------------------------------------------------------------------------------------

    @Test
    void podAndServiceNetworksMustNotOverlap() {
        assertThat(fx.errors(InventoryFixture.minimalWith("""
                k3s:
                  clusterCidr: 10.0.0.0/8
                """))).containsExactly("gardenos.yaml:7:16: k3s.clusterCidr: '10.0.0.0/8' overlaps k3s.serviceCidr"
                + " '10.43.0.0/16'; the pod and service networks must not overlap");
        assertThat(fx.errors(InventoryFixture.minimalWith("""
                k3s:
                  serviceCidr: 172.21.128.0/20
                  clusterDns: 172.21.128.10
                """))).containsExactly("gardenos.yaml:7:16: k3s.serviceCidr: '172.21.128.0/20' overlaps k3s.clusterCidr"
                + " '172.21.0.0/16'; the pod and service networks must not overlap");
    }

    @Test
    void clusterDnsMustBeAUsableServiceAddress() {
        assertThat(fx.errors(InventoryFixture.minimalWith("k3s:\n  clusterDns: 10.44.0.10\n"))).containsExactly(
                "gardenos.yaml:7:15: k3s.clusterDns: '10.44.0.10' is not inside k3s.serviceCidr '10.43.0.0/16'");
        assertThat(fx.errors(InventoryFixture.minimalWith("k3s:\n  serviceCidr: 10.96.0.0/12\n"))).containsExactly(
                "gardenos.yaml:7:16: k3s.serviceCidr: '10.96.0.0/12' does not contain k3s.clusterDns '10.43.0.10' (the default);"
                        + " set k3s.clusterDns to an address inside it, e.g. '10.96.0.10'");
        assertThat(fx.errors(InventoryFixture.minimalWith("k3s:\n  clusterDns: 10.43.0.1\n"))).containsExactly(
                "gardenos.yaml:7:15: k3s.clusterDns: '10.43.0.1' is the first address of k3s.serviceCidr, which Kubernetes"
                        + " gives to the 'kubernetes' service (use e.g. '10.43.0.10')");
        assertThat(fx.errors(InventoryFixture.minimalWith("k3s:\n  clusterDns: 10.43.255.255\n"))).containsExactly(
                "gardenos.yaml:7:15: k3s.clusterDns: '10.43.255.255' is the network or broadcast address of k3s.serviceCidr '10.43.0.0/16'");
        assertThat(fx.inventory(InventoryFixture.minimalWith("k3s:\n  serviceCidr: 10.96.0.0/12\n  clusterDns: 10.96.0.10\n"))
                .section(K3sSettings.class).clusterDns()).isEqualTo("10.96.0.10");
    }

    @Test
    void networkSizesKubernetesAccepts() {
        assertThat(fx.errors(InventoryFixture.minimalWith("k3s:\n  clusterCidr: 172.21.0.0/25\n"))).containsExactly(
                "gardenos.yaml:7:16: k3s.clusterCidr: '172.21.0.0/25' is smaller than one node's /24 pod range; use a /24 or larger network");
        assertThat(fx.errors(InventoryFixture.minimalWith("k3s:\n  serviceCidr: 10.0.0.0/11\n  clusterDns: 10.0.0.10\n")))
                .containsExactly("gardenos.yaml:7:16: k3s.serviceCidr: '10.0.0.0/11' is larger than Kubernetes allows for services (at most a /12)");
        assertThat(fx.errors(threeNodes("etcd, server", "k3s:\n  clusterCidr: 172.21.0.0/23\n"))).containsExactly(
                "gardenos.yaml:13:16: k3s.clusterCidr: '172.21.0.0/23' has room for 2 node pod ranges (/24 each) but 3 hosts run K3s");
        assertThat(fx.inventory(threeNodes("etcd, server", "k3s:\n  clusterCidr: 172.21.0.0/22\n")).section(K3sSettings.class).clusterCidr())
                .isEqualTo("172.21.0.0/22");
    }

    @Test
    void hostAddressesMustBeOutsideThePodAndServiceNetworks() {
        assertThat(fx.errors("""
                cluster: garden
                hosts:
                  - name: node-1
                    address: 172.21.3.4
                    roles: [etcd, server]
                  - name: node-2
                    address: 10.43.0.99
                    roles: [etcd, server]
                  - name: node-3
                    address: 10.44.0.1
                    roles: [etcd, server]
                """)).containsExactly(
                "gardenos.yaml:4:14: hosts[0].address: '172.21.3.4' is inside k3s.clusterCidr '172.21.0.0/16'; host addresses must be outside the pod and service networks",
                "gardenos.yaml:7:14: hosts[1].address: '10.43.0.99' is inside k3s.serviceCidr '10.43.0.0/16'; host addresses must be outside the pod and service networks");
    }

    @Test
    void loopbackAddressesOfTestHostsAreValid() {
        Inventory inventory = fx.inventory("""
                cluster: garden
                hosts:
                  - name: node-1
                    address: 127.0.0.11
                    roles: [etcd, server, lb]
                """);
        assertThat(inventory.hosts().get(0).address()).isEqualTo("127.0.0.11");
    }
}
