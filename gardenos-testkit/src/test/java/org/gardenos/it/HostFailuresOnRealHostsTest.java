package org.gardenos.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.gardenos.GardenOS;
import org.gardenos.base.BaseLayer;
import org.gardenos.engine.ApplyListener;
import org.gardenos.engine.ApplyReport;
import org.gardenos.engine.Change;
import org.gardenos.engine.HostFailure;
import org.gardenos.engine.HostRecap;
import org.gardenos.engine.Outcome;
import org.gardenos.engine.Resource;
import org.gardenos.inventory.HostSpec;
import org.gardenos.nspawn.TestHost;
import org.gardenos.remote.ssh.HostKeyPolicy;
import org.gardenos.remote.ssh.HostKeyRejectedException;
import org.gardenos.remote.ssh.SshRemoteHostConnector;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One bad host among good ones, on real hosts: a host whose SSH host key changed is refused before any command
 * runs on it (under STRICT and ACCEPT_NEW), and a host whose step fails for real stops there with the command,
 * exit code and stderr in the recap while the other hosts converge. Ordered: the hosts start fresh, so the first
 * test also proves that nothing was done on the refused host.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostFailuresOnRealHostsTest {
    @TempDir
    static Path stateDir;
    @RegisterExtension
    static final IntegrationHosts.Fleet fleet = IntegrationHosts.fleet(3);

    @Test
    @Order(1)
    void hostWithAChangedHostKeyIsRefusedAndUntouchedWhileTheOthersConverge() throws Exception {
        TestHost node3 = fleet.hosts().host("node3");
        String newKey = node3.regenerateHostKey(); // known_hosts keeps the old key
        String fingerprint = IntegrationHosts.fingerprint(newKey);
        byte[] knownHostsBefore = Files.readAllBytes(fleet.hosts().knownHosts());
        String untouched = "/etc/hosts /etc/hostname";
        String before = IntegrationHosts.hashAndMtime(node3, untouched);
        String sshdLogBefore = sshdAcceptedLogins(node3);

        for (HostKeyPolicy policy : HostKeyPolicy.values()) {
            ApplyReport report;
            try (GardenOS garden = IntegrationHosts.garden(fleet.inventory(), stateDir, policy, 3)) {
                report = garden.apply(ApplyListener.NONE, BaseLayer.NAME);
            }
            assertThat(report.failures()).as(policy.name()).hasSize(1);
            HostFailure refused = report.failures().get(0);
            assertThat(refused.host()).isEqualTo("node3");
            assertThat(refused.resource()).isEqualTo(HostFailure.CONNECT);
            assertThat(refused.line()).as(policy.name())
                    .startsWith("node3 [base] connect: node3: host key of " + node3.address() + " CHANGED")
                    .contains(fingerprint)
                    .doesNotContain("\n");
            HostRecap recap3 = IntegrationHosts.recap(report, "node3");
            assertThat(recap3.failed()).isEqualTo(1);
            assertThat(recap3.changed()).isZero();
            assertThat(recap3.ok()).isZero();
            for (String good : List.of("node1", "node2")) {
                HostRecap recap = IntegrationHosts.recap(report, good);
                assertThat(recap.failed()).as(good).isZero();
                assertThat(recap.changed() + recap.ok()).as(good).isEqualTo(resourceCount(good));
            }
            // ACCEPT_NEW trusts only hosts that have no entry yet: the changed key was not recorded
            assertThat(Files.readAllBytes(fleet.hosts().knownHosts())).as(policy.name()).isEqualTo(knownHostsBefore);
        }

        // nothing ran on node3: its files are as they were, the base layer's files absent, sshd saw no login
        assertThat(IntegrationHosts.hashAndMtime(node3, untouched)).isEqualTo(before);
        assertThat(node3.exec("ls " + BaseLayer.SYSCTL_FILE + " " + BaseLayer.MODULES_FILE).exitCode()).isNotZero();
        assertThat(node3.exec("grep -c 'BEGIN GARDENOS' /etc/hosts").stdout().strip()).isEqualTo("0");
        // (the probe works: sshd on node1 logged the two runs' logins; journald may lag a little behind sshd)
        assertThat(loginsLogged(fleet.hosts().host("node1"), 2)).isGreaterThanOrEqualTo(2);
        assertThat(sshdAcceptedLogins(node3)).isEqualTo(sshdLogBefore);
        // the other hosts were converged by the first run
        for (String good : List.of("node1", "node2")) {
            assertThat(fleet.hosts().host(good).exec("cat " + BaseLayer.SYSCTL_FILE).requireOk().stdout())
                    .contains("net.ipv4.ip_forward = 1");
        }

        // the connector itself: the typed exception with reason and fingerprint, for embedders
        HostSpec spec = fleet.inventory().host("node3").orElseThrow();
        try (SshRemoteHostConnector connector = new SshRemoteHostConnector(fleet.inventory().ssh(), HostKeyPolicy.ACCEPT_NEW)) {
            assertThatThrownBy(() -> connector.connect(spec))
                    .isInstanceOfSatisfying(HostKeyRejectedException.class, e -> {
                        assertThat(e.reason()).isEqualTo(HostKeyRejectedException.Reason.CHANGED_KEY);
                        assertThat(e.fingerprint()).isEqualTo(fingerprint);
                        assertThat(e.host()).isEqualTo("node3");
                    });
        }
        assertThat(Files.readAllBytes(fleet.hosts().knownHosts())).isEqualTo(knownHostsBefore);
    }

    @Test
    @Order(2)
    void hostWhoseStepFailsStopsThereWithCommandExitCodeAndStderrWhileTheOthersGoOn() {
        fleet.hosts().writeKnownHosts(); // node3's new key is trusted again: it takes part (fresh, so it has changes)
        TestHost node2 = fleet.hosts().host("node2");
        // a regular file where the base layer needs a directory: the upload's mkdir -p fails, as on a broken host
        node2.exec("mv /etc/modules-load.d /etc/modules-load.d.it-saved"
                + " && printf 'not a directory\\n' > /etc/modules-load.d").requireOk();
        // and drift in a later step, which must stay: node2 stops at the failure
        node2.exec("rm " + BaseLayer.SYSCTL_FILE).requireOk();
        String failing = "file:" + BaseLayer.MODULES_FILE;
        List<String> node2Resources = resourceNames("node2");
        List<String> expectedSkipped = node2Resources.subList(node2Resources.indexOf(failing) + 1,
                node2Resources.size());
        assertThat(expectedSkipped).isNotEmpty();

        RecordingListener listener = new RecordingListener();
        ApplyReport report;
        try (GardenOS garden = IntegrationHosts.garden(fleet.inventory(), stateDir, HostKeyPolicy.STRICT, 3)) {
            report = garden.apply(listener, BaseLayer.NAME);
        }

        assertThat(report.failed()).isEqualTo(1);
        assertThat(report.failures()).hasSize(1);
        HostFailure failure = report.failures().get(0);
        assertThat(failure.host()).isEqualTo("node2");
        assertThat(failure.resource()).isEqualTo(failing);
        // host, command, exit code and stderr in one line
        assertThat(failure.message())
                .startsWith("node2: command `upload " + BaseLayer.MODULES_FILE)
                .contains("` exited 1: ")
                .contains("mkdir", "/etc/modules-load.d")
                .doesNotContain("\n");

        HostRecap recap2 = IntegrationHosts.recap(report, "node2");
        assertThat(recap2.failed()).isEqualTo(1);
        assertThat(recap2.skipped()).isEqualTo(expectedSkipped.size());
        assertThat(recap2.ok() + recap2.changed() + recap2.failed() + recap2.skipped()).isEqualTo(node2Resources.size());
        assertThat(listener.finished("node2", Outcome.SKIPPED)).containsExactlyElementsOf(expectedSkipped);
        assertThat(listener.details("node2", Outcome.SKIPPED))
                .allMatch(d -> d.equals("skipped after node2 failed at base/" + failing));
        assertThat(listener.started("node2")).doesNotContainAnyElementsOf(expectedSkipped);
        // the skipped steps really did not run: the sysctl file comes after the failing one
        assertThat(node2.exec("test -e " + BaseLayer.SYSCTL_FILE).exitCode()).isNotZero();

        HostRecap recap1 = IntegrationHosts.recap(report, "node1");
        assertThat(recap1.failed()).isZero();
        assertThat(recap1.changed()).isZero(); // converged by the first test
        assertThat(recap1.ok()).isEqualTo(resourceCount("node1"));
        HostRecap recap3 = IntegrationHosts.recap(report, "node3");
        assertThat(recap3.failed()).isZero();
        assertThat(recap3.changed()).isPositive(); // untouched until now
        assertThat(fleet.hosts().host("node3").exec("cat " + BaseLayer.SYSCTL_FILE).requireOk().stdout())
                .contains("net.ipv4.ip_forward = 1");

        // repaired by hand, the next run finishes node2 and changes nothing elsewhere
        node2.exec("rm /etc/modules-load.d && mv /etc/modules-load.d.it-saved /etc/modules-load.d").requireOk();
        ApplyReport again;
        try (GardenOS garden = IntegrationHosts.garden(fleet.inventory(), stateDir, HostKeyPolicy.STRICT, 3)) {
            again = garden.apply(ApplyListener.NONE, BaseLayer.NAME);
        }
        assertThat(again.failed()).isZero();
        assertThat(IntegrationHosts.recap(again, "node2").changed()).isPositive();
        assertThat(IntegrationHosts.recap(again, "node1").changed()).isZero();
        assertThat(IntegrationHosts.recap(again, "node3").changed()).isZero();
    }

    private static List<String> resourceNames(String host) {
        return new BaseLayer().resources(fleet.inventory(), fleet.inventory().host(host).orElseThrow()).stream()
                .map(Resource::name).toList();
    }

    private static int resourceCount(String host) {
        return resourceNames(host).size();
    }

    /** {@link #sshdAcceptedLogins} once it reaches {@code atLeast}, or after 15 s whatever it is then. */
    private static int loginsLogged(TestHost host, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
        int count = Integer.parseInt(sshdAcceptedLogins(host));
        while (count < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(200);
            count = Integer.parseInt(sshdAcceptedLogins(host));
        }
        return count;
    }

    /** How many "Accepted publickey" lines sshd wrote to the host's journal. */
    private static String sshdAcceptedLogins(TestHost host) {
        return host.exec("journalctl -q --no-pager -u ssh.service 2>/dev/null | grep -c 'Accepted publickey' || true")
                .stdout().strip();
    }

    /** Records listener calls (the converger serializes them, but tests read from another thread: synchronized). */
    static final class RecordingListener implements ApplyListener {
        private final List<String[]> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void resourceStarted(String host, String layer, String resource) {
            events.add(new String[] {"started", host, resource, ""});
        }

        @Override
        public void resourceFinished(String host, String layer, String resource, Outcome outcome, Change change) {
            events.add(new String[] {outcome.name(), host, resource, change.detail()});
        }

        List<String> started(String host) {
            return select("started", host, 2);
        }

        List<String> finished(String host, Outcome outcome) {
            return select(outcome.name(), host, 2);
        }

        List<String> details(String host, Outcome outcome) {
            return select(outcome.name(), host, 3);
        }

        private List<String> select(String kind, String host, int field) {
            synchronized (events) {
                return events.stream().filter(e -> e[0].equals(kind) && e[1].equals(host)).map(e -> e[field]).toList();
            }
        }
    }
}
