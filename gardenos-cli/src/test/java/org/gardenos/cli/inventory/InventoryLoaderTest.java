package org.gardenos.cli.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import org.gardenos.inventory.Inventory;
import org.gardenos.inventory.LoadedInventory;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.SshSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.gardenos.etcd.settings.EtcdSettings;
import org.gardenos.k3s.settings.K3sSettings;
import org.gardenos.lb.settings.LoadBalancerSettings;
import org.gardenos.etcd.settings.EtcdSection;
import org.gardenos.k3s.settings.K3sSection;
import org.gardenos.lb.settings.LoadBalancerSection;

/** Inventories that load: the shipped example, defaults, explicit values, path expansion. */
class InventoryLoaderTest {
    @TempDir
    Path dir;
    InventoryFixture fx;

    @BeforeEach
    void setUp() {
        fx = new InventoryFixture(dir);
    }

    @Test
    void shippedExampleLoadsWithThePublicApi() {
        // surefire runs in gardenos-core/, the example lives at the repository root
        Path example = Path.of("..", "examples", "gardenos.yaml");
        LoadedInventory loaded = InventoryFixture.LOADER.load(example);
        Inventory inventory = loaded.inventory();

        assertThat(inventory.cluster()).isEqualTo("garden");
        assertThat(inventory.file()).isEqualTo(example.toAbsolutePath().normalize());
        assertThat(inventory.hosts()).extracting(HostSpec::name).containsExactly("node-1", "node-2", "node-3");
        assertThat(inventory.hosts()).extracting(HostSpec::address)
                .containsExactly("203.0.113.11", "203.0.113.12", "203.0.113.13");
        assertThat(inventory.hostsWith(EtcdSection.ROLE)).hasSize(3);
        assertThat(inventory.hostsWith(K3sSection.SERVER)).hasSize(3);
        assertThat(inventory.hostsWith(LoadBalancerSection.ROLE)).extracting(HostSpec::name).containsExactly("node-1");
        assertThat(inventory.section(K3sSettings.class).serverApiPort()).as("node-1 is lb and server").isEqualTo(7443);
        assertThat(inventory.section(LoadBalancerSettings.class).apiPort()).isEqualTo(6443);
        assertThat(inventory.ssh().privateKey()).isEqualTo(Path.of(System.getProperty("user.home"), ".ssh", "id_ed25519"));
        // the key is not shipped: on a machine without it (or without ~/.ssh) the only news is a warning about the
        // key or the known_hosts file
        assertThat(loaded.warnings()).allSatisfy(w -> assertThat(w).containsAnyOf(": ssh.privateKey: ", ": ssh.knownHosts: ")
                .contains("commands that connect will fail"));
    }

    @Test
    void minimalInventoryTakesEveryDefault() {
        Inventory inventory = fx.inventory(InventoryFixture.MINIMAL);

        assertThat(inventory.cluster()).isEqualTo("garden");
        assertThat(inventory.ssh()).isEqualTo(new SshSettings("root", 22, fx.home.resolve(".ssh/id_ed25519"),
                fx.home.resolve(".ssh/known_hosts"), Duration.ofSeconds(10), Duration.ofMinutes(10)));
        assertThat(inventory.hosts()).containsExactly(
                new HostSpec("node-1", "203.0.113.11", java.util.Set.of(EtcdSection.ROLE, K3sSection.SERVER), Map.of()));
        assertThat(inventory.section(EtcdSettings.class)).isEqualTo(new EtcdSettings("3.5.21", 2379, 2380, "/var/lib/etcd", true,
                Optional.empty(), Optional.empty(), "https://github.com/etcd-io/etcd/releases/download"));
        assertThat(inventory.section(K3sSettings.class)).isEqualTo(new K3sSettings("v1.31.4+k3s1", "172.21.0.0/16", "10.43.0.0/16",
                "10.43.0.10", true, List.of("traefik"), 6443, Optional.empty(), Optional.empty(),
                "https://github.com/k3s-io/k3s/releases/download"));
        assertThat(inventory.section(LoadBalancerSettings.class)).isEqualTo(new LoadBalancerSettings(6443, 8404));
    }

    @Test
    void everyKeyWrittenExplicitlyIsRead() {
        fx.createFile("keys/id_rsa");
        fx.createFile("dist/etcd.tar.gz");
        fx.createFile("dist/k3s");
        String sha = "ABCDEF0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789";
        LoadedInventory loaded = fx.load("""
                cluster: garden-2
                ssh:
                  user: deploy
                  port: 2222
                  privateKey: keys/id_rsa
                  knownHosts: ./known_hosts
                  connectTimeout: 1500ms
                  commandTimeout: 2h
                hosts:
                  - name: a
                    address: 192.0.2.1
                    roles: [etcd, server]
                    labels: {zone: a, "example.com/disk": ssd, node.kubernetes.io/pool: blue, empty: ""}
                  - name: b
                    address: 192.0.2.2
                    roles: [agent]
                  - name: c
                    address: 192.0.2.3
                    roles: [lb]
                etcd:
                  version: 3.4.23
                  clientPort: 12379
                  peerPort: 12380
                  dataDir: /srv/etcd/
                  tls: false
                  sha256: %s
                  artifact: dist/etcd.tar.gz
                  downloadBaseUrl: https://mirror.example.com/etcd/
                k3s:
                  version: v1.30.2+k3s2
                  clusterCidr: 10.100.0.0/16
                  serviceCidr: 10.101.0.0/20
                  clusterDns: 10.101.0.53
                  hybrid: false
                  disable: [traefik, servicelb, metrics-server]
                  serverApiPort: 6443
                  sha256: %s
                  artifact: dist/k3s
                  downloadBaseUrl: http://mirror.example.com/k3s
                loadBalancer:
                  apiPort: 443
                  statsPort: 9000
                """.formatted(sha, sha));
        // the one warning: etcd.tls false (issue 9 item 15)
        assertThat(loaded.warnings()).singleElement().asString().contains("etcd.tls: false");
        Inventory inventory = loaded.inventory();

        String lowerSha = sha.toLowerCase(java.util.Locale.ROOT);
        assertThat(inventory.ssh()).isEqualTo(new SshSettings("deploy", 2222, dir.resolve("keys/id_rsa"),
                dir.resolve("known_hosts"), Duration.ofMillis(1500), Duration.ofHours(2)));
        assertThat(inventory.host("a").orElseThrow().labels()).containsExactly(
                Map.entry("empty", ""), Map.entry("example.com/disk", "ssd"),
                Map.entry("node.kubernetes.io/pool", "blue"), Map.entry("zone", "a"));
        assertThat(inventory.host("b").orElseThrow().roles()).containsExactly(K3sSection.AGENT);
        assertThat(inventory.section(EtcdSettings.class)).isEqualTo(new EtcdSettings("3.4.23", 12379, 12380, "/srv/etcd", false,
                Optional.of(lowerSha), Optional.of(dir.resolve("dist/etcd.tar.gz")), "https://mirror.example.com/etcd"));
        assertThat(inventory.section(K3sSettings.class)).isEqualTo(new K3sSettings("v1.30.2+k3s2", "10.100.0.0/16", "10.101.0.0/20",
                "10.101.0.53", false, List.of("traefik", "servicelb", "metrics-server"), 6443, Optional.of(lowerSha),
                Optional.of(dir.resolve("dist/k3s")), "http://mirror.example.com/k3s"));
        assertThat(inventory.section(LoadBalancerSettings.class)).isEqualTo(new LoadBalancerSettings(443, 9000));
    }

    @Test
    void tildeExpandsToHomeAndRelativePathsResolveAgainstTheInventoryDirectory() {
        Inventory inventory = fx.inventory(InventoryFixture.minimalWith("""
                ssh:
                  privateKey: ~/.ssh/id_ed25519
                  knownHosts: home/.ssh/known_hosts
                """));
        assertThat(inventory.ssh().privateKey()).isEqualTo(fx.home.resolve(".ssh/id_ed25519"));
        assertThat(inventory.ssh().knownHosts()).isEqualTo(dir.resolve("home/.ssh/known_hosts"));

        Inventory parent = fx.inventory(InventoryFixture.minimalWith("""
                ssh:
                  privateKey: ./home/../home/.ssh/id_ed25519
                """));
        assertThat(parent.ssh().privateKey()).as("normalized").isEqualTo(fx.home.resolve(".ssh/id_ed25519"));
    }

    @Test
    void parseResolvesRelativePathsAgainstTheDirectoryOfTheDisplayName() {
        fx.createFile("sub/artifacts/etcd.tgz");
        LoadedInventory loaded = InventoryFixture.LOADER.parse(InventoryFixture.minimalWith("""
                etcd:
                  artifact: artifacts/etcd.tgz
                """), dir.resolve("sub/gardenos.yaml"));
        assertThat(loaded.inventory().section(EtcdSettings.class).artifact()).contains(dir.resolve("sub/artifacts/etcd.tgz"));
        assertThat(loaded.inventory().file()).isEqualTo(dir.resolve("sub/gardenos.yaml"));
    }

    @Test
    void parseNamesTheDisplayNameInMessages() {
        org.gardenos.error.InputException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                org.gardenos.error.InputException.class,
                () -> InventoryFixture.LOADER.parse("cluster: Bad\n", Path.of("site/gardenos.yaml")));
        assertThat(e.lines()).contains(
                "site/gardenos.yaml:1:10: cluster: 'Bad' is not a DNS-1123 label (did you mean 'bad'?)",
                "site/gardenos.yaml:1:1: hosts: missing (required: a list of hosts, each with name, address and roles)");
    }

    @Test
    void hostRolesAndLabelsIterateInAStableOrder() {
        Inventory inventory = fx.inventory("""
                cluster: garden
                hosts:
                  - name: node-1
                    address: 203.0.113.11
                    roles: [lb, server, etcd]
                    labels: {zeta: "1", alpha: "2", mid: "3"}
                """);
        HostSpec host = inventory.hosts().get(0);
        assertThat(host.roles()).containsExactly(EtcdSection.ROLE, K3sSection.SERVER, LoadBalancerSection.ROLE);
        assertThat(host.labels().keySet()).containsExactly("alpha", "mid", "zeta");
    }

    @Test
    void utf8ByteOrderMarkAndWindowsLineEndingsAreAccepted() {
        byte[] text = ("\uFEFF" + InventoryFixture.MINIMAL.replace("\n", "\r\n")).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        fx.write(text);
        assertThat(InventoryFixture.LOADER.home(fx.home).load(fx.file).inventory().cluster()).isEqualTo("garden");
    }
}
