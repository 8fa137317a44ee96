package org.gardenos.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.gardenos.GardenOS;
import org.gardenos.base.BaseLayer;
import org.gardenos.engine.ApplyListener;
import org.gardenos.engine.ApplyReport;
import org.gardenos.engine.HostRecap;
import org.gardenos.engine.PlanReport;
import org.gardenos.engine.PlannedChange;
import org.gardenos.nspawn.TestHost;
import org.gardenos.remote.ssh.HostKeyPolicy;
import org.gardenos.status.Health;
import org.gardenos.status.StatusItem;
import org.gardenos.status.StatusReport;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's "done when" on real hosts: the base layer over real SSH (root, host keys checked) on three
 * systemd-nspawn Debian 12 hosts converges, a second run changes nothing, drift made by hand on one host is
 * planned on that host only and repaired. The tests build on each other's state (ordered).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BaseLayerOnRealHostsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path stateDir;
    @RegisterExtension
    static final IntegrationHosts.Fleet fleet = IntegrationHosts.fleet(3);

    private static GardenOS garden() {
        return IntegrationHosts.garden(fleet.inventory(), stateDir, HostKeyPolicy.STRICT, 3);
    }

    @Test
    @Order(1)
    void firstApplyConvergesEveryHost() {
        for (TestHost h : fleet.hosts().hosts()) {
            assertThat(h.exec("test -e " + BaseLayer.SYSCTL_FILE).exitCode()).as("fresh host " + h.name()).isNotZero();
        }
        ApplyReport report;
        try (GardenOS garden = garden()) {
            report = garden.apply(ApplyListener.NONE, BaseLayer.NAME);
        }
        assertThat(report.failures()).isEmpty();
        assertThat(report.failed()).isZero();
        assertThat(report.interrupted()).isFalse();
        assertThat(report.hosts()).extracting(HostRecap::name).containsExactly("node1", "node2", "node3");
        for (HostRecap recap : report.hosts()) {
            assertThat(recap.changed()).as(recap.name()).isPositive();
            assertThat(recap.skipped()).as(recap.name()).isZero();
        }
        String hostsBlock = "# BEGIN GARDENOS " + BaseLayer.HOSTS_MARKER + "\n"
                + fleet.hosts().hosts().stream().map(h -> h.address() + " " + h.name() + "\n").reduce("", String::concat)
                + "# END GARDENOS " + BaseLayer.HOSTS_MARKER + "\n";
        for (TestHost h : fleet.hosts().hosts()) {
            assertThat(h.exec("cat /etc/hosts").requireOk().stdout()).contains(hostsBlock);
            assertThat(h.exec("cat " + BaseLayer.SYSCTL_FILE).requireOk().stdout())
                    .contains("net.ipv4.ip_forward = 1\n", "net.bridge.bridge-nf-call-iptables = 1\n");
            assertThat(h.exec("stat -c %a:%U:%G " + BaseLayer.SYSCTL_FILE + " " + BaseLayer.MODULES_FILE)
                    .requireOk().stdout()).isEqualTo("644:root:root\n644:root:root\n");
            assertThat(h.exec("cat " + BaseLayer.MODULES_FILE).requireOk().stdout()).contains("\noverlay\nbr_netfilter\n");
            assertThat(h.exec("cat /etc/hostname").requireOk().stdout()).isEqualTo(h.name() + "\n");
            // AppArmor's userspace for containerd, and a time daemon enabled. nspawn cannot show it running: systemd
            // skips systemd-timesyncd in a container (ConditionVirtualization=!container), so what is checked here is
            // the enabled unit and the skipped condition; a VM or bare host runs it
            assertThat(h.exec("command -v apparmor_parser").stdout().strip()).isEqualTo("/usr/sbin/apparmor_parser");
            assertThat(h.exec("systemctl is-enabled systemd-timesyncd").stdout().strip()).isEqualTo("enabled");
            assertThat(h.exec("systemctl show -p ConditionResult --value systemd-timesyncd").stdout().strip())
                    .as("systemd skipped timesyncd in the container").isEqualTo("no");
            assertThat(report.warnings()).filteredOn(w -> w.host().equals(h.name()) && w.resource().equals("time-sync"))
                    .extracting(w -> w.message()).containsExactly("systemd-timesyncd.service is enabled, but systemd"
                            + " does not run it in this container (ConditionVirtualization=!container): the container"
                            + " shares its host's clock");
            // the upload's temporary files (.NAME.gardenos-XXXXXX) never stay behind
            assertThat(h.exec("ls -A /etc /etc/sysctl.d /etc/modules-load.d").requireOk().stdout())
                    .doesNotContain(".gardenos-");
        }
    }

    @Test
    @Order(2)
    void secondApplyChangesNothing() throws Exception {
        ApplyReport report;
        PlanReport plan;
        try (GardenOS garden = garden()) {
            plan = garden.plan(BaseLayer.NAME);
            report = garden.apply(ApplyListener.NONE, BaseLayer.NAME);
        }
        assertThat(plan.changes()).isEmpty();
        assertThat(plan.converged()).isTrue();
        assertThat(report.changed()).isZero();
        assertThat(report.failed()).isZero();
        int resourcesPerHost = new BaseLayer().resources(fleet.inventory(), fleet.inventory().hosts().get(0)).size();
        assertThat(report.hosts()).allSatisfy(h -> assertThat(h.ok()).as(h.name()).isEqualTo(resourcesPerHost));

        JsonNode json = JSON.readTree(JSON.writeValueAsString(report));
        assertThat(json.get("changed").isInt()).isTrue();
        assertThat(json.get("changed").asInt()).isZero();
        assertThat(json.get("failed").asInt()).isZero();
        assertThat(json.has("failures")).isFalse();
        assertThat(json.has("interrupted")).isFalse();
        assertThat(json.get("hosts")).hasSize(3);
        for (JsonNode host : json.get("hosts")) {
            assertThat(host.get("changed").asInt()).as(host.toString()).isZero();
            assertThat(host.get("ok").asInt()).isEqualTo(resourcesPerHost);
        }
        // the plan's JSON is the empty list, not a missing key
        assertThat(JSON.readTree(JSON.writeValueAsString(plan)).get("changes").isEmpty()).isTrue();
    }

    @Test
    @Order(3)
    void sysctlFileEditedByHandIsPlannedOnThatHostOnlyAndRestored() {
        TestHost node2 = fleet.hosts().host("node2");
        String wanted = node2.exec("cat " + BaseLayer.SYSCTL_FILE).requireOk().stdout();
        node2.exec("sed -i 's/^net.ipv4.ip_forward = 1$/net.ipv4.ip_forward = 0/' " + BaseLayer.SYSCTL_FILE)
                .requireOk();
        assertThat(node2.exec("cat " + BaseLayer.SYSCTL_FILE).stdout()).contains("net.ipv4.ip_forward = 0");

        PlanReport plan;
        try (GardenOS garden = garden()) {
            plan = garden.plan(BaseLayer.NAME);
        }
        assertThat(plan.failures()).isEmpty();
        assertThat(plan.changes()).extracting(PlannedChange::host).containsOnly("node2");
        assertThat(plan.changes()).extracting(PlannedChange::resource, PlannedChange::action)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("file:" + BaseLayer.SYSCTL_FILE, org.gardenos.engine.ChangeAction.UPDATE));
        // plan changed nothing
        assertThat(node2.exec("cat " + BaseLayer.SYSCTL_FILE).stdout()).contains("net.ipv4.ip_forward = 0");

        ApplyReport report;
        try (GardenOS garden = garden()) {
            report = garden.apply(ApplyListener.NONE, BaseLayer.NAME);
        }
        assertThat(report.failed()).isZero();
        assertThat(IntegrationHosts.recap(report, "node2").changed()).isEqualTo(1);
        assertThat(IntegrationHosts.recap(report, "node1").changed()).isZero();
        assertThat(IntegrationHosts.recap(report, "node3").changed()).isZero();
        assertThat(node2.exec("cat " + BaseLayer.SYSCTL_FILE).requireOk().stdout()).isEqualTo(wanted);
        assertThat(node2.exec("stat -c %a:%U:%G " + BaseLayer.SYSCTL_FILE).requireOk().stdout())
                .isEqualTo("644:root:root\n");
    }

    @Test
    @Order(4)
    void hostsBlockEditedByHandIsRepairedAndTheUsersOwnLinesAreKept() {
        TestHost node3 = fleet.hosts().host("node3");
        String node1Address = fleet.hosts().host("node1").address();
        // the user's own line outside the block, and a wrong address for node1 inside it
        node3.exec("echo '203.0.113.7 printer # added by hand' >> /etc/hosts").requireOk();
        node3.exec("sed -i '/^# BEGIN GARDENOS " + BaseLayer.HOSTS_MARKER + "$/,/^# END GARDENOS/ s/^"
                + node1Address.replace(".", "\\.") + " node1$/10.213.77.250 node1/' /etc/hosts").requireOk();
        assertThat(node3.exec("cat /etc/hosts").stdout()).contains("10.213.77.250 node1\n");

        PlanReport plan;
        try (GardenOS garden = garden()) {
            plan = garden.plan(BaseLayer.NAME);
        }
        assertThat(plan.changes()).extracting(PlannedChange::host).containsOnly("node3");
        assertThat(plan.changes()).extracting(PlannedChange::resource).containsExactly(
                new BaseLayer().resources(fleet.inventory(), fleet.inventory().host("node3").orElseThrow()).stream()
                        .filter(r -> r.name().contains(BaseLayer.HOSTS_FILE)).findFirst().orElseThrow().name());

        ApplyReport report;
        try (GardenOS garden = garden()) {
            report = garden.apply(ApplyListener.NONE, BaseLayer.NAME);
        }
        assertThat(report.failed()).isZero();
        assertThat(report.changed()).isEqualTo(1);
        assertThat(IntegrationHosts.recap(report, "node3").changed()).isEqualTo(1);
        String etcHosts = node3.exec("cat /etc/hosts").requireOk().stdout();
        assertThat(etcHosts).contains(node1Address + " node1\n", "203.0.113.7 printer # added by hand\n")
                .doesNotContain("10.213.77.250");

        try (GardenOS garden = garden()) {
            assertThat(garden.plan(BaseLayer.NAME).converged()).isTrue();
        }
    }

    @Test
    @Order(5)
    void runtimePartsAContainerDoesNotAllowAreWarningsNotChanges() {
        ApplyReport report;
        try (GardenOS garden = garden()) {
            report = garden.apply(ApplyListener.NONE, BaseLayer.NAME);
        }
        assertThat(report.changed()).isZero();
        // nspawn: modules cannot be loaded from inside, /proc/sys is partly read-only: said, not hidden
        List<String> warnings = report.warnings().stream().map(w -> w.line()).toList();
        assertThat(warnings).isNotEmpty();
        assertThat(warnings).anyMatch(w -> w.startsWith("node1 ") && w.contains("container"));
    }

    @Test
    @Order(6)
    void statusReadsEveryHostOverSsh() {
        List<StatusReport> reports;
        try (GardenOS garden = garden()) {
            reports = garden.status(BaseLayer.NAME);
        }
        assertThat(reports).hasSize(1);
        StatusReport base = reports.get(0);
        assertThat(base.layer()).isEqualTo(BaseLayer.NAME);
        assertThat(base.items()).extracting(StatusItem::name).containsExactly("node1", "node2", "node3");
        for (StatusItem item : base.items()) {
            TestHost host = fleet.hosts().host(item.name());
            String systemd = host.exec("systemctl is-system-running || true").stdout().strip();
            assertThat(item.fields()).containsEntry("address", host.address()).containsEntry("hostname", host.name())
                    .containsEntry("systemd", systemd).doesNotContainKey("error");
            assertThat(item.health()).as(item.toString())
                    .isEqualTo(systemd.equals("running") ? Health.HEALTHY : Health.DEGRADED);
        }
    }

    /**
     * What a converged plan costs each host, counted: the PIDs it used up in the host's PID namespace (every fork:
     * sshd's, the command line's, the batch's, each probe's). 45 on these hosts; 86 when the batch counted each
     * probe's outputs with two {@code wc} and printed them with a {@code cat}, five probes ran
     * {@code systemd-detect-virt} and time-sync ran three {@code systemctl} (docs/performance.md, "30 hosts: the
     * hosts' CPU"). The bound leaves room for a timer of the host's own firing during the plan.
     */
    @Test
    @Order(7)
    void aConvergedPlanForksFewProcessesOnEachHost() {
        java.util.Map<String, Long> before = new java.util.HashMap<>();
        for (TestHost h : fleet.hosts().hosts()) {
            before.put(h.name(), lastPid(h));
        }
        try (GardenOS garden = garden()) {
            assertThat(garden.plan(BaseLayer.NAME).converged()).isTrue();
        }
        for (TestHost h : fleet.hosts().hosts()) {
            long forked = lastPid(h) - before.get(h.name()) - 1; // the reading itself is one process (cat)
            assertThat(forked).as(h.name()).isBetween(30L, 55L);
        }
    }

    /** The last PID handed out in the host's PID namespace (PIDs are handed out in order until they wrap). */
    private static long lastPid(TestHost h) {
        return Long.parseLong(h.exec("cat /proc/sys/kernel/ns_last_pid").requireOk().stdout().strip());
    }
}
