package org.gardenos.nspawn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gardenos.inventory.HostSpec;
import org.gardenos.standin.StandInSections;
import org.gardenos.inventory.Role;
import org.gardenos.inventory.InventoryLoader;
import org.gardenos.inventory.LoadedInventory;
import org.gardenos.remote.CommandResult;
import org.gardenos.testkit.hosts.WithDebianHosts;
import org.junit.jupiter.api.Test;

/** Real Debian hosts (root, debootstrap, systemd-nspawn): one set of three for the whole class. */
@WithDebianHosts(count = 3)
class DebianHostsTest {
    private final DebianHosts hosts;

    DebianHostsTest(DebianHosts hosts) {
        this.hosts = hosts;
    }

    @Test
    void everyHostHasItsOwnNameAddressAndSystemd() {
        assertThat(hosts.hosts()).extracting(TestHost::name).containsExactly("node1", "node2", "node3");
        Set<String> addresses = new HashSet<>();
        for (TestHost h : hosts.hosts()) {
            assertThat(h.address()).startsWith("10.213.77.");
            addresses.add(h.address());
            assertThat(h.exec("hostname").requireOk().stdout().strip()).isEqualTo(h.name());
            assertThat(h.exec("ip -4 -o addr show dev eth0").requireOk().stdout()).contains(" " + h.address() + "/24 ");
            assertThat(h.exec("cat /proc/1/comm").requireOk().stdout().strip()).isEqualTo("systemd");
            assertThat(h.exec(". /etc/os-release; echo $VERSION_CODENAME").stdout().strip()).isEqualTo("bookworm");
        }
        assertThat(addresses).hasSize(3);
        List<String> machineIds = new ArrayList<>();
        hosts.hosts().forEach(h -> machineIds.add(h.exec("cat /etc/machine-id").stdout().strip()));
        assertThat(machineIds).doesNotHaveDuplicates().allMatch(id -> id.matches("[0-9a-f]{32}"));
    }

    @Test
    void hostsReachEachOtherByNameButHaveNoRouteOut() {
        TestHost node1 = hosts.host("node1");
        assertThat(node1.exec("ip route").requireOk().stdout()).doesNotContain("default");
        CommandResult r = node1.exec("python3 -c \"import socket; s = socket.create_connection(('node2', 22), 3);"
                + " print(s.recv(64).decode().strip())\"");
        assertThat(r.ok()).as(r.stderr()).isTrue();
        assertThat(r.stdout()).startsWith("SSH-2.0-OpenSSH");
    }

    @Test
    void sshAsRootWorksWithTheGeneratedKeyAndVerifiedHostKeys() throws Exception {
        for (TestHost h : hosts.hosts()) {
            Ssh.Result r = Ssh.run(hosts, "root", h, "hostname");
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            assertThat(r.stdout()).isEqualTo(h.name());
        }
        Path emptyKnownHosts = Files.createTempFile("known_hosts", "");
        try {
            Ssh.Result unknown = Ssh.run(hosts.privateKey(), emptyKnownHosts, "root", hosts.host("node1").address(), "true");
            assertThat(unknown.exitCode()).isEqualTo(255);
            assertThat(unknown.stderr()).contains("Host key verification failed");
        } finally {
            Files.delete(emptyKnownHosts);
        }
    }

    @Test
    void knownHostsHoldsEveryHostsRealKeyAndThePrivateKeyIsOwnerOnly() throws Exception {
        String knownHosts = Files.readString(hosts.knownHosts());
        for (TestHost h : hosts.hosts()) {
            String inside = h.exec("cut -d' ' -f1,2 /etc/ssh/ssh_host_ed25519_key.pub").requireOk().stdout().strip();
            assertThat(inside).isEqualTo(h.hostKey());
            assertThat(knownHosts).contains(h.address() + " " + inside + "\n");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(hosts.privateKey())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(hosts.privateKey().getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void userGardenosHasPasswordlessSudo() {
        Ssh.Result r = Ssh.run(hosts, "gardenos", hosts.host("node2"), "id -un; sudo -n id -u");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout().split("\n")).containsExactly("gardenos", "0");
    }

    @Test
    void execRunsInsideTheHostAndFeedsStdin() {
        TestHost node2 = hosts.host("node2");
        byte[] secret = "not-in-any-argument\n".getBytes(StandardCharsets.UTF_8);
        node2.exec("umask 077; cat > /root/secret", secret).requireOk();
        assertThat(node2.exec("cat /root/secret").stdout()).isEqualTo("not-in-any-argument\n");
        assertThat(node2.rootfs().resolve("root/secret")).hasContent("not-in-any-argument");
        assertThat(hosts.host("node1").rootfs().resolve("root/secret")).doesNotExist();
        CommandResult failed = node2.exec("echo oops >&2; exit 3");
        assertThat(failed.exitCode()).isEqualTo(3);
        assertThat(failed.stderr()).isEqualTo("oops\n");
        assertThat(failed.host()).isEqualTo("node2");
    }

    @Test
    void stopAndStartKeepTheDiskAddressAndHostKey() {
        TestHost node3 = hosts.host("node3");
        String hostKey = node3.hostKey();
        node3.exec("echo kept > /root/marker").requireOk();
        node3.stop();
        assertThat(node3.isRunning()).isFalse();
        assertThat(Ssh.run(hosts, "root", node3, "true").exitCode()).isEqualTo(255);
        node3.start();
        assertThat(node3.isRunning()).isTrue();
        assertThat(node3.exec("cat /root/marker").stdout()).isEqualTo("kept\n");
        assertThat(node3.hostKey()).isEqualTo(hostKey);
        Ssh.Result r = Ssh.run(hosts, "root", node3, "cat /root/marker");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo("kept");
    }

    @Test
    void cutNetworkMakesSshFailAndRestoreBringsItBack() {
        TestHost node2 = hosts.host("node2");
        node2.cutNetwork();
        try {
            Ssh.Result cut = Ssh.run(hosts, "root", node2, "true");
            assertThat(cut.exitCode()).isEqualTo(255);
            assertThat(cut.stderr()).containsAnyOf("timed out", "No route to host");
        } finally {
            node2.restoreNetwork();
        }
        Ssh.Result back = sshUntilUp(node2);
        assertThat(back.exitCode()).as(back.stderr()).isZero();
    }

    @Test
    void regeneratedHostKeyIsRefusedUntilKnownHostsIsRewritten() {
        TestHost node1 = hosts.host("node1");
        String old = node1.hostKey();
        String fresh = node1.regenerateHostKey();
        assertThat(fresh).startsWith("ssh-ed25519 ").isNotEqualTo(old).isEqualTo(node1.hostKey());
        Ssh.Result refused = Ssh.run(hosts, "root", node1, "true");
        assertThat(refused.exitCode()).isEqualTo(255);
        assertThat(refused.stderr()).contains("REMOTE HOST IDENTIFICATION HAS CHANGED");
        hosts.writeKnownHosts();
        Ssh.Result accepted = Ssh.run(hosts, "root", node1, "true");
        assertThat(accepted.exitCode()).as(accepted.stderr()).isZero();
    }

    @Test
    void systemdBootedWaitsUntilSystemdHasNoJobsLeft() {
        TestHost node1 = hosts.host("node1");
        new SystemdBooted().waitUntilReady(node1, Duration.ofSeconds(60));
        assertThat(node1.exec("systemctl is-system-running").stdout().strip()).isIn("running", "degraded");
        assertThat(node1.exec("systemctl is-active ssh.service").stdout().strip()).isEqualTo("active");
    }

    @Test
    void inventoryFileIsYamlListingEveryHostWithRolesKeyAndKnownHosts() throws Exception {
        Path file = hosts.inventoryFile("lab", "etcd:\n  version: 3.5.21\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        JsonNode doc = new YAMLMapper().readTree(file.toFile());
        assertThat(doc.path("cluster").asText()).isEqualTo("lab");
        assertThat(doc.path("ssh").path("user").asText()).isEqualTo("root");
        assertThat(doc.path("ssh").path("privateKey").asText()).isEqualTo(hosts.privateKey().toString());
        assertThat(doc.path("ssh").path("knownHosts").asText()).isEqualTo(hosts.knownHosts().toString());
        assertThat(doc.path("etcd").path("version").asText()).isEqualTo("3.5.21");
        JsonNode list = doc.path("hosts");
        assertThat(list).hasSize(3);
        for (int i = 0; i < 3; i++) {
            TestHost h = hosts.hosts().get(i);
            assertThat(list.get(i).path("name").asText()).isEqualTo(h.name());
            assertThat(list.get(i).path("address").asText()).isEqualTo(h.address());
        }
        assertThat(list.get(0).path("roles").toString()).isEqualTo("[\"etcd\",\"server\",\"lb\"]");
        assertThat(list.get(2).path("roles").toString()).isEqualTo("[\"etcd\",\"server\"]");

        Path subset = hosts.inventoryFile("lab2", "", Map.of("node2", Set.of(Role.of("lb"))), "gardenos");
        JsonNode sub = new YAMLMapper().readTree(subset.toFile());
        assertThat(sub.path("ssh").path("user").asText()).isEqualTo("gardenos");
        assertThat(sub.path("hosts")).hasSize(1);
        assertThat(sub.path("hosts").get(0).path("name").asText()).isEqualTo("node2");
        assertThat(sub.path("hosts").get(0).path("roles").toString()).isEqualTo("[\"lb\"]");

        LoadedInventory loaded = StandInSections.loader().load(file);
        assertThat(loaded.warnings()).isEmpty();
        assertThat(loaded.inventory().hosts()).extracting(HostSpec::address)
                .containsExactlyElementsOf(hosts.hosts().stream().map(TestHost::address).toList());

        assertThatThrownBy(() -> hosts.inventoryFile("lab", "", Map.of("node9", Set.of(Role.of("etcd")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("node9").hasMessageContaining("node1");
    }

    private Ssh.Result sshUntilUp(TestHost host) {
        Ssh.Result r = Ssh.run(hosts, "root", host, "true");
        for (int attempt = 0; attempt < 5 && r.exitCode() != 0; attempt++) {
            r = Ssh.run(hosts, "root", host, "true");
        }
        return r;
    }
}
