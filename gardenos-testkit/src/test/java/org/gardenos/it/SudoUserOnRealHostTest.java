package org.gardenos.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.gardenos.GardenOS;
import org.gardenos.base.BaseLayer;
import org.gardenos.engine.ApplyListener;
import org.gardenos.engine.ApplyReport;
import org.gardenos.engine.HostFailure;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.nspawn.DebianHosts;
import org.gardenos.nspawn.TestHost;
import org.gardenos.remote.CommandResult;
import org.gardenos.remote.RemoteHost;
import org.gardenos.remote.ssh.HostKeyPolicy;
import org.gardenos.remote.ssh.SshRemoteHostConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * SSH as a non-root user ({@code ssh.user: gardenos}, NOPASSWD sudo on the testkit hosts): every command, upload
 * and read runs as root through {@code sudo -n}, on a real sshd and a real sudo. What the host sees is checked
 * from inside it ({@link TestHost#exec}, no SSH). The last test takes the sudo rule away.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SudoUserOnRealHostTest {
    private static final String DIR = "/etc/gardenos-it";

    @TempDir
    static Path stateDir;
    private static DebianHosts hosts;
    private static Inventory inventory;
    private static TestHost node1;
    private SshRemoteHostConnector connector;
    private RemoteHost remote;

    @BeforeAll
    static void startHosts() {
        hosts = IntegrationHosts.start(1);
        inventory = IntegrationHosts.inventory(hosts, "gardenos");
        node1 = hosts.host("node1");
    }

    @AfterAll
    static void stopHosts() {
        if (hosts != null) {
            hosts.close();
        }
    }

    @BeforeEach
    void connect() {
        assertThat(inventory.ssh().user()).isEqualTo("gardenos");
        assertThat(inventory.ssh().isRoot()).isFalse();
        connector = new SshRemoteHostConnector(inventory.ssh(), HostKeyPolicy.STRICT);
        HostSpec spec = inventory.host("node1").orElseThrow();
        remote = connector.connect(spec);
    }

    @AfterEach
    void disconnect() {
        connector.close();
    }

    @Test
    @Order(1)
    void commandsRunAsRootThroughSudoForTheLoginUser() {
        // SUDO_USER: sudo records who called it, i.e. the user sshd logged in
        CommandResult who = remote.exec("echo \"$(id -u) $(id -un) $SUDO_USER\"").requireOk();
        assertThat(who.stdout().strip()).isEqualTo("0 root gardenos");
        // root-only file, readable only as root
        assertThat(remote.exec("head -c 5 /etc/shadow").requireOk().stdout()).isEqualTo("root:");
    }

    @Test
    @Order(2)
    void stdinReachesTheCommandThroughSudo() {
        byte[] secret = "s3cret-through-stdin\n".getBytes(StandardCharsets.UTF_8);
        remote.exec("mkdir -p " + DIR + " && umask 077 && cat > " + DIR + "/from-stdin", secret).requireOk();
        assertThat(node1.exec("cat " + DIR + "/from-stdin").requireOk().stdout()).isEqualTo("s3cret-through-stdin\n");
        assertThat(node1.exec("stat -c %a:%U:%G " + DIR + "/from-stdin").requireOk().stdout())
                .isEqualTo("600:root:root\n");
    }

    @Test
    @Order(3)
    void uploadWritesARootOwned0600FileAtomicallyAndReadsItBack() {
        String path = DIR + "/secret.conf";
        byte[] first = "token = first-value\n".getBytes(StandardCharsets.UTF_8);
        remote.upload(path, first, 0600, "root:root");

        assertThat(node1.exec("stat -c %a:%U:%G " + path).requireOk().stdout()).isEqualTo("600:root:root\n");
        assertThat(node1.exec("cat " + path).requireOk().stdout()).isEqualTo("token = first-value\n");
        CommandResult asUser = node1.exec("runuser -u gardenos -- cat " + path);
        assertThat(asUser.exitCode()).isNotZero();
        assertThat(asUser.stderr()).contains("Permission denied");
        assertThat(remote.read(path)).hasValueSatisfying(b -> assertThat(b).isEqualTo(first));

        // a new version replaces the file by rename (a new inode), not by writing into the old one
        String inodeBefore = node1.exec("stat -c %i " + path).requireOk().stdout();
        byte[] second = "token = second-value\n".getBytes(StandardCharsets.UTF_8);
        remote.upload(path, second, 0600, "root:root");
        assertThat(node1.exec("stat -c %i " + path).requireOk().stdout()).isNotEqualTo(inodeBefore);
        assertThat(remote.read(path)).hasValueSatisfying(b -> assertThat(b).isEqualTo(second));
        assertThat(node1.exec("stat -c %a:%U:%G " + path).requireOk().stdout()).isEqualTo("600:root:root\n");
        // the temporary file (.secret.conf.gardenos-XXXXXX) is gone
        assertThat(node1.exec("ls -A " + DIR).requireOk().stdout().lines()).containsExactlyInAnyOrder(
                "from-stdin", "secret.conf");
        // a parent that does not exist yet is created
        remote.upload(DIR + "/new/dir/file", new byte[] {1, 2, 3}, 0640, "root:gardenos");
        assertThat(node1.exec("stat -c %a:%U:%G " + DIR + "/new/dir/file").requireOk().stdout())
                .isEqualTo("640:root:gardenos\n");
    }

    @Test
    @Order(4)
    void readingAMissingFileIsEmptyNotAnError() {
        assertThat(remote.read(DIR + "/does-not-exist")).isEmpty();
    }

    @Test
    @Order(5)
    void baseLayerConvergesAsTheSudoUser() {
        ApplyReport first;
        ApplyReport second;
        try (GardenOS garden = IntegrationHosts.garden(inventory, stateDir, HostKeyPolicy.STRICT, 1)) {
            first = garden.apply(ApplyListener.NONE, BaseLayer.NAME);
            second = garden.apply(ApplyListener.NONE, BaseLayer.NAME);
        }
        assertThat(first.failures()).isEmpty();
        assertThat(first.changed()).isPositive();
        assertThat(second.failed()).isZero();
        assertThat(second.changed()).isZero();
        assertThat(node1.exec("stat -c %a:%U:%G " + BaseLayer.SYSCTL_FILE).requireOk().stdout())
                .isEqualTo("644:root:root\n");
    }

    @Test
    @Order(6)
    void withoutTheSudoRuleCommandsFailAtOnceSayingSo() {
        node1.exec("mv /etc/sudoers.d/gardenos /root/sudoers-gardenos.it-saved").requireOk();
        try {
            CommandResult r = remote.exec("true");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.stderr()).contains("sudo").contains("password is required");

            node1.exec("rm " + BaseLayer.SYSCTL_FILE).requireOk();
            ApplyReport report;
            try (GardenOS garden = IntegrationHosts.garden(inventory, stateDir, HostKeyPolicy.STRICT, 1)) {
                report = garden.apply(ApplyListener.NONE, BaseLayer.NAME);
            }
            assertThat(report.failed()).isEqualTo(1);
            HostFailure failure = report.failures().get(0);
            assertThat(failure.message()).startsWith("node1: command `").contains("exited 1")
                    .contains("password is required");
            assertThat(node1.exec("test -e " + BaseLayer.SYSCTL_FILE).exitCode()).isNotZero();
        } finally {
            node1.exec("mv /root/sudoers-gardenos.it-saved /etc/sudoers.d/gardenos").requireOk();
        }
    }
}
