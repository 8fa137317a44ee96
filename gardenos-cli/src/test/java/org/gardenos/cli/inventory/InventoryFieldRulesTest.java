package org.gardenos.cli.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import org.gardenos.inventory.Inventory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.gardenos.etcd.settings.EtcdSettings;
import org.gardenos.k3s.settings.K3sSettings;

/** Rules of single keys: types, syntax, unknown keys, files that must exist. Each message checked exactly. */
class InventoryFieldRulesTest {
    @TempDir
    Path dir;
    InventoryFixture fx;

    @BeforeEach
    void setUp() {
        fx = new InventoryFixture(dir);
    }

    /** An error in a key appended to {@link InventoryFixture#MINIMAL}: always on line 7 (the section is line 6). */
    private void assertSectionKeyError(String section, String keyAndValue, String expected) {
        assertThat(fx.errors(InventoryFixture.minimalWith(section + ":\n  " + keyAndValue + "\n"))).containsExactly(expected);
    }

    // --- cluster -------------------------------------------------------------------------------------------------

    @Test
    void clusterIsRequired() {
        assertThat(fx.errors("""
                hosts:
                  - name: node-1
                    address: 203.0.113.11
                    roles: [etcd, server]
                """)).containsExactly("gardenos.yaml:1:1: cluster: missing (required: a DNS-1123 label like 'garden')");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Garden        | 'Garden' is not a DNS-1123 label (did you mean 'garden'?)",
            "-garden       | '-garden' is not a DNS-1123 label (use lower-case letters, digits and '-', starting and ending with a letter or digit)",
            "gar_den       | 'gar_den' is not a DNS-1123 label (use lower-case letters, digits and '-', starting and ending with a letter or digit)",
            "'garden.io'   | 'garden.io' is not a DNS-1123 label (use lower-case letters, digits and '-', starting and ending with a letter or digit)",
            "123           | expected a string, got the number 123 (quote it: \"123\")",
            "true          | expected a string, got the boolean true (quote it: \"true\")",
            "[a]           | expected a string, got a list",
            "{a: b}        | expected a string, got a mapping",
            "~             | expected a string, got null",
    })
    void clusterMustBeADnsLabel(String value, String message) {
        assertThat(fx.errors(InventoryFixture.MINIMAL.replace("cluster: garden", "cluster: " + value)))
                .containsExactly("gardenos.yaml:1:10: cluster: " + message);
    }

    @Test
    void clusterMustNotBeEmpty() {
        assertThat(fx.errors(InventoryFixture.MINIMAL.replace("cluster: garden", "cluster: ''")))
                .containsExactly("gardenos.yaml:1:10: cluster: must not be empty");
    }

    @Test
    void clusterLongerThan63Characters() {
        String name = "a".repeat(64);
        assertThat(fx.errors(InventoryFixture.MINIMAL.replace("cluster: garden", "cluster: " + name)))
                .containsExactly("gardenos.yaml:1:10: cluster: '" + name.substring(0, 60) + "...' is longer than 63 characters");
    }

    // --- unknown keys and wrong section types --------------------------------------------------------------------

    @Test
    void unknownKeysNameTheClosestKnownKey() {
        assertThat(fx.errors("""
                cluster: garden
                ssh:
                  privatekey: ~/.ssh/id_ed25519
                  usr: root
                hosts:
                  - name: node-1
                    adress: 203.0.113.11
                    rolse: [etcd, server]
                loadbalancer: {}
                """)).containsExactly(
                "gardenos.yaml:3:3: ssh.privatekey: unknown key 'privatekey' (did you mean 'privateKey'?)",
                "gardenos.yaml:4:3: ssh.usr: unknown key 'usr' (did you mean 'user'?)",
                "gardenos.yaml:6:5: hosts[0].address: missing (required: an IPv4 address)",
                "gardenos.yaml:6:5: hosts[0].roles: missing (required: a list of etcd, server, agent, lb)",
                "gardenos.yaml:7:5: hosts[0].adress: unknown key 'adress' (did you mean 'address'?)",
                "gardenos.yaml:8:5: hosts[0].rolse: unknown key 'rolse' (did you mean 'roles'?)",
                "gardenos.yaml:9:1: loadbalancer: unknown key 'loadbalancer' (did you mean 'loadBalancer'?)");
    }

    @Test
    void unknownKeyWithoutCloseMatchListsTheAllowedKeys() {
        assertSectionKeyError("loadBalancer", "frontend: x",
                "gardenos.yaml:7:3: loadBalancer.frontend: unknown key 'frontend' (allowed here: apiPort, statsPort)");
        assertThat(fx.errors(InventoryFixture.minimalWith("postgress:\n  replicas: 2\n"))).containsExactly(
                "gardenos.yaml:6:1: postgress: unknown key 'postgress' (did you mean 'postgres'?)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ssh", "etcd", "k3s", "loadBalancer"})
    void sectionsMustBeMappings(String section) {
        assertThat(fx.errors(InventoryFixture.minimalWith(section + ": [a]\n")))
                .containsExactly("gardenos.yaml:6:" + (section.length() + 3) + ": " + section + ": expected a mapping, got a list");
        assertThat(fx.errors(InventoryFixture.minimalWith(section + ":\n")))
                .containsExactly("gardenos.yaml:6:" + (section.length() + 2) + ": " + section + ": expected a mapping, got an empty value");
    }

    @Test
    void everyErrorOfAFileIsReportedInFileOrder() {
        assertThat(fx.errors("""
                cluster: Garden
                ssh:
                  port: 0
                hosts:
                  - name: node-1
                    address: 203.0.113.300
                    roles: [etcd, server]
                etcd:
                  version: "3.5"
                k3s:
                  hybrid: "yes"
                """)).containsExactly(
                "gardenos.yaml:1:10: cluster: 'Garden' is not a DNS-1123 label (did you mean 'garden'?)",
                "gardenos.yaml:3:9: ssh.port: port 0 is out of range 1-65535",
                "gardenos.yaml:6:14: hosts[0].address: '203.0.113.300' is not an IPv4 address",
                "gardenos.yaml:9:12: etcd.version: '3.5' is not an etcd version X.Y.Z (write it like '3.5.21')",
                "gardenos.yaml:11:11: k3s.hybrid: expected true or false, got the string 'yes'");
    }

    // --- ssh -----------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "port: 0           | gardenos.yaml:7:9: ssh.port: port 0 is out of range 1-65535",
            "port: 65536       | gardenos.yaml:7:9: ssh.port: port 65536 is out of range 1-65535",
            "port: -1          | gardenos.yaml:7:9: ssh.port: port '-1' must be written as a plain decimal number",
            "port: 022         | gardenos.yaml:7:9: ssh.port: port '022' must be written as a plain decimal number",
            "port: 0x16        | gardenos.yaml:7:9: ssh.port: port '0x16' must be written as a plain decimal number",
            "port: 99999999999999999999 | gardenos.yaml:7:9: ssh.port: port '99999999999999999999' must be written as a plain decimal number",
            "port: '22'        | gardenos.yaml:7:9: ssh.port: expected a port number 1-65535, got the string '22'",
            "port: 22.0        | gardenos.yaml:7:9: ssh.port: expected a port number 1-65535, got the number 22.0",
            "user: Admin       | gardenos.yaml:7:9: ssh.user: 'Admin' is not a user name (lower-case letters, digits, '_' and '-', at most 32 characters)",
            "user: 'a b'       | gardenos.yaml:7:9: ssh.user: 'a b' is not a user name (lower-case letters, digits, '_' and '-', at most 32 characters)",
            "connectTimeout: 10    | gardenos.yaml:7:19: ssh.connectTimeout: expected a duration like '10s' or '2m', got the number 10 (add a unit: '10s')",
            "connectTimeout: 10sec | gardenos.yaml:7:19: ssh.connectTimeout: '10sec' is not a duration (write it like '10s', '2m', '1h' or '500ms')",
            "connectTimeout: 0s    | gardenos.yaml:7:19: ssh.connectTimeout: '0s' must be longer than zero",
            "commandTimeout: 25h   | gardenos.yaml:7:19: ssh.commandTimeout: '25h' is longer than 24h",
            "commandTimeout: 1.5h  | gardenos.yaml:7:19: ssh.commandTimeout: '1.5h' is not a duration (write it like '10s', '2m', '1h' or '500ms')",
            "commandTimeout: 1.5   | gardenos.yaml:7:19: ssh.commandTimeout: expected a string, got the number 1.5 (quote it: \"1.5\")",
            "privateKey: ~bob/id   | gardenos.yaml:7:15: ssh.privateKey: '~bob/id': only '~' and '~/' are expanded (to HOME), not '~user'",
            "privateKey: ''        | gardenos.yaml:7:15: ssh.privateKey: must not be empty",
    })
    void sshValues(String keyAndValue, String expected) {
        assertSectionKeyError("ssh", keyAndValue, expected.replace("HOME", fx.home.toString()));
    }

    @Test
    void sshDurationsAcceptEveryUnit() {
        Inventory inventory = fx.inventory(InventoryFixture.minimalWith("""
                ssh:
                  connectTimeout: 250ms
                  commandTimeout: 1h
                """));
        assertThat(inventory.ssh().connectTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(inventory.ssh().commandTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(fx.inventory(InventoryFixture.minimalWith("ssh:\n  connectTimeout: 2m\n")).ssh().connectTimeout())
                .isEqualTo(Duration.ofMinutes(2));
    }

    /** Issue 9 item 15: turning etcd's TLS off is said at validate, not only at apply. */
    @Test
    void etcdTlsFalseIsAValidateWarning() {
        assertThat(fx.warnings(InventoryFixture.minimalWith("etcd:\n  tls: false\n"))).containsExactly(
                "gardenos.yaml:7:8: etcd.tls: false: etcd serves clients and peers over plain HTTP without"
                        + " authentication; anyone who reaches port 2379 or 2380 can read and write every key (K3s"
                        + " secrets, Patroni leader keys); leave it out for TLS");
        assertThat(fx.warnings(InventoryFixture.minimalWith("etcd:\n  tls: true\n"))).isEmpty();
    }

    @Test
    void missingPrivateKeyIsOnlyAWarning() throws IOException {
        Files.delete(fx.home.resolve(".ssh/id_ed25519"));
        assertThat(fx.warnings(InventoryFixture.MINIMAL)).containsExactly(
                "gardenos.yaml:1:1: ssh.privateKey: '~/.ssh/id_ed25519' (" + fx.home.resolve(".ssh/id_ed25519")
                        + ") does not exist; commands that connect will fail");
        assertThat(fx.warnings(InventoryFixture.minimalWith("ssh:\n  privateKey: ./nokey\n"))).containsExactly(
                "gardenos.yaml:7:15: ssh.privateKey: './nokey' (" + dir.resolve("nokey")
                        + ") does not exist; commands that connect will fail");
    }

    @Test
    void privateKeyThatIsADirectoryIsAnError() throws IOException {
        Files.createDirectory(dir.resolve("keys"));
        assertSectionKeyError("ssh", "privateKey: keys",
                "gardenos.yaml:7:15: ssh.privateKey: 'keys' (" + dir.resolve("keys") + ") is not a regular file");
    }

    @Test
    void knownHostsMayBeMissingButItsDirectoryShouldExist() {
        assertThat(fx.load(InventoryFixture.minimalWith("ssh:\n  knownHosts: ./fresh_known_hosts\n")).warnings()).isEmpty();
        assertThat(fx.warnings(InventoryFixture.minimalWith("ssh:\n  knownHosts: nowhere/known_hosts\n"))).containsExactly(
                "gardenos.yaml:7:15: ssh.knownHosts: 'nowhere/known_hosts' (" + dir.resolve("nowhere/known_hosts")
                        + ") cannot be created: directory " + dir.resolve("nowhere") + " does not exist; commands that connect will fail");
    }

    @Test
    void knownHostsThatIsADirectoryOrUnderAFileIsAnError() {
        assertSectionKeyError("ssh", "knownHosts: home",
                "gardenos.yaml:7:15: ssh.knownHosts: 'home' (" + fx.home + ") is not a regular file");
        assertSectionKeyError("ssh", "knownHosts: home/.ssh/id_ed25519/known_hosts",
                "gardenos.yaml:7:15: ssh.knownHosts: 'home/.ssh/id_ed25519/known_hosts' (" + fx.home.resolve(".ssh/id_ed25519/known_hosts")
                        + ") cannot be created: " + fx.home.resolve(".ssh/id_ed25519") + " is not a directory");
    }

    // --- hosts ---------------------------------------------------------------------------------------------------

    @Test
    void hostsAreRequiredAndNotEmpty() {
        assertThat(fx.errors("cluster: garden\n")).containsExactly(
                "gardenos.yaml:1:1: hosts: missing (required: a list of hosts, each with name, address and roles)");
        assertThat(fx.errors("cluster: garden\nhosts: []\n")).containsExactly(
                "gardenos.yaml:2:8: hosts: must list at least one host");
        assertThat(fx.errors("cluster: garden\nhosts: node-1\n")).containsExactly(
                "gardenos.yaml:2:8: hosts: expected a list, got the string 'node-1'");
        assertThat(fx.errors("cluster: garden\nhosts:\n  - node-1\n")).containsExactly(
                "gardenos.yaml:3:5: hosts[0]: expected a mapping with name, address and roles, got the string 'node-1'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.0.0.300    | '10.0.0.300' is not an IPv4 address",
            "10.0.0        | '10.0.0' is not an IPv4 address",
            "10.0.0.1.1    | '10.0.0.1.1' is not an IPv4 address",
            "10.0.0.01     | '10.0.0.01' is not an IPv4 address (leading zeros are ambiguous: write '10.0.0.1')",
            "node-1.local  | 'node-1.local' is not an IPv4 address",
            "0.0.0.0       | '0.0.0.0' is not a host address (0.0.0.0/8 means 'this network')",
            "224.0.0.1     | '224.0.0.1' is not a host address (multicast)",
            "255.255.255.255 | '255.255.255.255' is not a host address (reserved or broadcast)",
            "::1           | '::1' is not an IPv4 address",
            "\" 10.0.0.1\" | ' 10.0.0.1' is not an IPv4 address",
            "\"\"          | '' is not an IPv4 address",
    })
    void addressMustBeAnIpv4Literal(String value, String message) {
        assertThat(fx.errors("""
                cluster: garden
                hosts:
                  - name: node-1
                    address: 203.0.113.11
                    roles: [etcd, server]
                  - name: node-2
                    address: %s
                    roles: [etcd, server, lb]
                """.formatted(value))).containsExactly("gardenos.yaml:7:14: hosts[1].address: " + message);
    }

    @Test
    void namesAndAddressesAreUnique() {
        assertThat(fx.errors("""
                cluster: garden
                hosts:
                  - name: node-1
                    address: 203.0.113.11
                    roles: [etcd, server]
                  - name: node-1
                    address: 203.0.113.11
                    roles: [etcd]
                  - name: node-3
                    address: 203.0.113.11
                    roles: [etcd]
                """)).containsExactly(
                "gardenos.yaml:6:11: hosts[1].name: host name 'node-1' is already used by hosts[0]",
                "gardenos.yaml:7:14: hosts[1].address: address 203.0.113.11 is already used by hosts[0]",
                "gardenos.yaml:10:14: hosts[2].address: address 203.0.113.11 is already used by hosts[0]");
    }

    @Test
    void hostNameMustBeADnsLabel() {
        assertThat(fx.errors(InventoryFixture.MINIMAL.replace("name: node-1", "name: Node_1"))).containsExactly(
                "gardenos.yaml:3:11: hosts[0].name: 'Node_1' is not a DNS-1123 label (use lower-case letters, digits and '-', starting and ending with a letter or digit)");
        assertThat(fx.errors(InventoryFixture.MINIMAL.replace("- name: node-1\n    address", "- address"))).containsExactly(
                "gardenos.yaml:3:5: hosts[0].name: missing (required: a DNS-1123 label like 'node-1')");
    }

    @Test
    void rolesMustBeKnownDistinctAndNotServerAndAgent() {
        assertThat(fx.errors("""
                cluster: garden
                hosts:
                  - name: node-1
                    address: 203.0.113.11
                    roles: [etcd, server, master, Server, etcd]
                  - name: node-2
                    address: 203.0.113.12
                    roles: []
                  - name: node-3
                    address: 203.0.113.13
                    roles: [server, agent]
                  - name: node-4
                    address: 203.0.113.14
                    roles: etcd
                """)).containsExactly(
                "gardenos.yaml:5:27: hosts[0].roles[2]: unknown role 'master' (roles are etcd, server, agent, lb)",
                "gardenos.yaml:5:35: hosts[0].roles[3]: unknown role 'Server' (did you mean 'server'? roles are etcd, server, agent, lb)",
                "gardenos.yaml:5:43: hosts[0].roles[4]: role 'etcd' is listed twice",
                "gardenos.yaml:8:12: hosts[1].roles: must name at least one role (etcd, server, agent, lb)",
                "gardenos.yaml:11:12: hosts[2].roles: a host is either a K3s server or a K3s agent, not both (servers run workloads too when k3s.hybrid is true)",
                "gardenos.yaml:14:12: hosts[3].roles: expected a list, got the string 'etcd'");
    }

    @Test
    void labelsFollowKubernetesSyntax() {
        assertThat(fx.errors(InventoryFixture.MINIMAL + """
                    labels:
                      ok.example.com/name: fine
                      -bad: x
                      Example.com/x: y
                      tier: 1
                      zone: "has space"
                      node-role.kubernetes.io/worker: "true"
                      k8s.io/anything: x
                      long: %s
                """.formatted("v".repeat(64)))).containsExactly(
                "gardenos.yaml:8:7: hosts[0].labels[\"-bad\"]: label key '-bad' is not a valid label name (at most 63 characters: letters, digits, '-', '_', '.', starting and ending with a letter or digit)",
                "gardenos.yaml:9:7: hosts[0].labels[\"Example.com/x\"]: label key 'Example.com/x' has an invalid prefix (a lower-case DNS subdomain like 'example.com', at most 253 characters)",
                "gardenos.yaml:10:13: hosts[0].labels.tier: expected a string, got the number 1 (quote it: \"1\")",
                "gardenos.yaml:11:13: hosts[0].labels.zone: label value 'has space' is not valid (at most 63 characters: letters, digits, '-', '_', '.', starting and ending with a letter or digit)",
                "gardenos.yaml:12:7: hosts[0].labels[\"node-role.kubernetes.io/worker\"]: label key 'node-role.kubernetes.io/worker' is in the reserved kubernetes.io/k8s.io namespace and kubelet refuses to set it on its own node (use your own prefix, or a node.kubernetes.io/ key)",
                "gardenos.yaml:13:7: hosts[0].labels[\"k8s.io/anything\"]: label key 'k8s.io/anything' is in the reserved kubernetes.io/k8s.io namespace and kubelet refuses to set it on its own node (use your own prefix, or a node.kubernetes.io/ key)",
                "gardenos.yaml:14:13: hosts[0].labels.long: label value '" + "v".repeat(60) + "...' is not valid (at most 63 characters: letters, digits, '-', '_', '.', starting and ending with a letter or digit)");
    }

    @Test
    void labelsKubeletMaySetAreAccepted() {
        Inventory inventory = fx.inventory(InventoryFixture.MINIMAL + """
                    labels:
                      topology.kubernetes.io/zone: a
                      node.kubernetes.io/pool: b
                      sub.node.kubernetes.io/x: c
                      kubelet.kubernetes.io/y: d
                      example.com/z: ""
                """);
        assertThat(inventory.hosts().get(0).labels()).hasSize(5);
    }

    @Test
    void labelsMustBeAMapping() {
        assertThat(fx.errors(InventoryFixture.MINIMAL + "    labels: [a]\n")).containsExactly(
                "gardenos.yaml:6:13: hosts[0].labels: expected a mapping of Kubernetes node labels (key: value), got a list");
    }

    // --- etcd ----------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "version: v3.5.21     | gardenos.yaml:7:12: etcd.version: 'v3.5.21' is not an etcd version X.Y.Z (write it without the 'v': '3.5.21')",
            "version: 3.5         | gardenos.yaml:7:12: etcd.version: expected a string, got the number 3.5 (quote it: \"3.5\")",
            "version: 2.3.8       | gardenos.yaml:7:12: etcd.version: '2.3.8' is not an etcd 3.x version (K3s and Patroni use etcd's v3 API)",
            "version: 3.5.21-rc.1 | gardenos.yaml:7:12: etcd.version: '3.5.21-rc.1' is not an etcd version X.Y.Z (write it like '3.5.21')",
            "clientPort: 70000    | gardenos.yaml:7:15: etcd.clientPort: port 70000 is out of range 1-65535",
            "peerPort: http       | gardenos.yaml:7:13: etcd.peerPort: expected a port number 1-65535, got the string 'http'",
            "dataDir: var/lib/etcd  | gardenos.yaml:7:12: etcd.dataDir: 'var/lib/etcd' is not an absolute path (it is a path on the hosts: start it with '/')",
            "dataDir: /var/../etcd  | gardenos.yaml:7:12: etcd.dataDir: '/var/../etcd' is not a normalized path (no '//', '.' or '..')",
            "dataDir: /             | gardenos.yaml:7:12: etcd.dataDir: '/' is the root directory",
            "dataDir: '/var/my etcd' | gardenos.yaml:7:12: etcd.dataDir: '/var/my etcd' contains white space or control characters",
            "dataDir: /var/lib/etcd$(id) | gardenos.yaml:7:12: etcd.dataDir: '/var/lib/etcd$(id)' is not a plain path on the hosts (use only letters, digits, '.', '_', '-' and '/', e.g. '/var/lib/etcd')",
            "dataDir: \"/var/lib/etcd'x\" | gardenos.yaml:7:12: etcd.dataDir: '/var/lib/etcd'x' is not a plain path on the hosts (use only letters, digits, '.', '_', '-' and '/', e.g. '/var/lib/etcd')",
            "tls: 'true'          | gardenos.yaml:7:8: etcd.tls: expected true or false, got the string 'true'",
            "tls: on              | gardenos.yaml:7:8: etcd.tls: expected true or false, got the string 'on'",
            "tls: 1               | gardenos.yaml:7:8: etcd.tls: expected true or false, got the number 1",
            "sha256: abc          | gardenos.yaml:7:11: etcd.sha256: 'abc' is not a SHA-256 digest (64 hex digits, got 3 characters)",
            "artifact: dist/etcd.tgz | gardenos.yaml:7:13: etcd.artifact: 'dist/etcd.tgz' (DIR/dist/etcd.tgz) does not exist",
            "downloadBaseUrl: ftp://example.com/etcd | gardenos.yaml:7:20: etcd.downloadBaseUrl: 'ftp://example.com/etcd' is not an http:// or https:// URL",
            "downloadBaseUrl: https://example.com/x?y=1 | gardenos.yaml:7:20: etcd.downloadBaseUrl: 'https://example.com/x?y=1' is not a base URL (it needs a host and no user, query or fragment)",
            "downloadBaseUrl: 'https://exa mple.com' | gardenos.yaml:7:20: etcd.downloadBaseUrl: 'https://exa mple.com' is not a URL",
    })
    void etcdValues(String keyAndValue, String expected) {
        assertSectionKeyError("etcd", keyAndValue, expected.replace("DIR", dir.toString()));
    }

    @Test
    void artifactMustBeARegularFile() throws IOException {
        Files.createDirectory(dir.resolve("dist"));
        assertSectionKeyError("etcd", "artifact: dist",
                "gardenos.yaml:7:13: etcd.artifact: 'dist' (" + dir.resolve("dist") + ") is not a regular file");
        Path tarball = fx.createFile("dist/etcd-v3.5.21-linux-amd64.tar.gz");
        assertThat(fx.inventory(InventoryFixture.minimalWith("etcd:\n  artifact: " + tarball + "\n")).section(EtcdSettings.class).artifact())
                .as("absolute path").contains(tarball);
    }

    @Test
    void plainHttpDownloadsWithoutChecksumAreWarned() {
        assertThat(fx.warnings(InventoryFixture.minimalWith("etcd:\n  downloadBaseUrl: http://mirror.lan/etcd\n")))
                .containsExactly("gardenos.yaml:7:20: etcd.downloadBaseUrl: 'http://mirror.lan/etcd' is plain http and no"
                        + " sha256 is set: the download cannot be verified (set etcd.sha256)");
        assertThat(fx.warnings(InventoryFixture.minimalWith("etcd:\n  downloadBaseUrl: http://mirror.lan/etcd\n  sha256: "
                + "'" + "0".repeat(64) + "'\n"))).isEmpty();
    }

    // --- k3s -----------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "version: 1.31.4+k3s1    | gardenos.yaml:7:12: k3s.version: '1.31.4+k3s1' is not a K3s version vX.Y.Z+k3sN (did you mean 'v1.31.4+k3s1'?)",
            "version: v1.31.4        | gardenos.yaml:7:12: k3s.version: 'v1.31.4' is not a K3s version vX.Y.Z+k3sN (K3s releases carry a '+k3sN' suffix, e.g. 'v1.31.4+k3s1')",
            "version: latest         | gardenos.yaml:7:12: k3s.version: 'latest' is not a K3s version vX.Y.Z+k3sN (write it like 'v1.31.4+k3s1')",
            "clusterCidr: 10.42.0.0  | gardenos.yaml:7:16: k3s.clusterCidr: '10.42.0.0' is not a CIDR (write it like '10.43.0.0/16')",
            "clusterCidr: 10.42.0.1/16 | gardenos.yaml:7:16: k3s.clusterCidr: '10.42.0.1/16' has host bits set (did you mean '10.42.0.0/16'?)",
            "clusterCidr: 10.42.0.0/33 | gardenos.yaml:7:16: k3s.clusterCidr: '10.42.0.0/33' is not an IPv4 CIDR (the prefix length must be 0 to 32)",
            "clusterCidr: 10.420.0.0/16 | gardenos.yaml:7:16: k3s.clusterCidr: '10.420.0.0/16' is not an IPv4 CIDR (the address part is invalid)",
            "serviceCidr: fd00::/108 | gardenos.yaml:7:16: k3s.serviceCidr: 'fd00::/108' is not an IPv4 CIDR (the address part is invalid)",
            "clusterDns: 10.43.0     | gardenos.yaml:7:15: k3s.clusterDns: '10.43.0' is not an IPv4 address",
            "hybrid: yes             | gardenos.yaml:7:11: k3s.hybrid: expected true or false, got the string 'yes'",
            "disable: traefik        | gardenos.yaml:7:12: k3s.disable: expected a list, got the string 'traefik'",
            "disable: [trafik]       | gardenos.yaml:7:13: k3s.disable[0]: 'trafik' is not a K3s packaged component (did you mean 'traefik'? K3s can disable coredns, servicelb, traefik, local-storage, metrics-server, runtimes)",
            "disable: [nginx]        | gardenos.yaml:7:13: k3s.disable[0]: 'nginx' is not a K3s packaged component (K3s can disable coredns, servicelb, traefik, local-storage, metrics-server, runtimes)",
            "disable: [traefik, traefik] | gardenos.yaml:7:22: k3s.disable[1]: 'traefik' is listed twice",
            "serverApiPort: 0        | gardenos.yaml:7:18: k3s.serverApiPort: port 0 is out of range 1-65535",
            "sha256: xyz             | gardenos.yaml:7:11: k3s.sha256: 'xyz' is not a SHA-256 digest (64 hex digits, got 3 characters)",
            "artifact: k3s           | gardenos.yaml:7:13: k3s.artifact: 'k3s' (DIR/k3s) does not exist",
            "downloadBaseUrl: github.com/k3s | gardenos.yaml:7:20: k3s.downloadBaseUrl: 'github.com/k3s' is not an http:// or https:// URL",
            "airgapImages: images.tar.zst | gardenos.yaml:7:17: k3s.airgapImages: 'images.tar.zst' (DIR/images.tar.zst) does not exist",
            "airgapImagesSha256: abc | gardenos.yaml:7:23: k3s.airgapImagesSha256: 'abc' is not a SHA-256 digest (64 hex digits, got 3 characters)",
            "localPathProvisionerImage: 'evil image' | gardenos.yaml:7:30: k3s.localPathProvisionerImage: 'evil image' is not an image reference ([registry/]name[:tag][@digest], characters A-Za-z0-9._/:@-)",
            "localPathHelperImage: busybox;rm | gardenos.yaml:7:25: k3s.localPathHelperImage: 'busybox;rm' is not an image reference ([registry/]name[:tag][@digest], characters A-Za-z0-9._/:@-)",
    })
    void k3sValues(String keyAndValue, String expected) {
        assertSectionKeyError("k3s", keyAndValue, expected.replace("DIR", dir.toString()));
    }

    /** Air-gapped K3s: the image tarball is a local file of a kind K3s imports, and never without its checksum. */
    @Test
    void airgapImagesNeedTheirChecksumAndAKnownTarballName() throws IOException {
        Path tarball = fx.createFile("dist/k3s-airgap-images-amd64.tar.zst");
        assertSectionKeyError("k3s", "airgapImages: " + tarball, "gardenos.yaml:7:17: k3s.airgapImages: needs"
                + " k3s.airgapImagesSha256 (the tarball's SHA-256, from the release's sha256sum-amd64.txt): an image"
                + " tarball is never installed unverified");
        Path zip = fx.createFile("dist/images.zip");
        assertSectionKeyError("k3s", "airgapImages: " + zip, "gardenos.yaml:7:17: k3s.airgapImages: 'images.zip' is"
                + " not an image tarball K3s imports (.tar, .tar.zst or .tar.gz, e.g. k3s-airgap-images-amd64.tar.zst)");
        String sha = "ab".repeat(32);
        var images = fx.inventory(InventoryFixture.minimalWith("k3s:\n  airgapImages: " + tarball
                + "\n  airgapImagesSha256: " + sha + "\n  localPathProvisionerImage: registry.local:5000/lpp:v0.0.31\n"))
                .section(K3sSettings.class).images();
        assertThat(images.airgapImages()).contains(tarball);
        assertThat(images.airgapImagesSha256()).contains(sha);
        assertThat(images.localPathProvisionerImage()).isEqualTo("registry.local:5000/lpp:v0.0.31");
        assertThat(images.localPathHelperImage()).isEqualTo("rancher/mirrored-library-busybox:1.36.1");
    }

    @Test
    void disableMayBeEmpty() {
        assertThat(fx.inventory(InventoryFixture.minimalWith("k3s:\n  disable: []\n")).section(K3sSettings.class).disable()).isEmpty();
    }

    // --- loadBalancer --------------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "apiPort: 100000   | gardenos.yaml:7:12: loadBalancer.apiPort: port 100000 is out of range 1-65535",
            "statsPort: '8404' | gardenos.yaml:7:14: loadBalancer.statsPort: expected a port number 1-65535, got the string '8404'",
    })
    void loadBalancerValues(String keyAndValue, String expected) {
        assertSectionKeyError("loadBalancer", keyAndValue, expected);
    }
}
