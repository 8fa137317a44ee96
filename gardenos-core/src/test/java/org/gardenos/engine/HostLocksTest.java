package org.gardenos.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.gardenos.inventory.Inventory;
import org.gardenos.resources.RemoteFile;
import org.gardenos.standin.InMemoryHostStandIn;
import org.gardenos.standin.StandInConnector;
import org.gardenos.standin.TestInventories;
import org.gardenos.state.StateDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The apply lock on each host ({@link HostLocks}), through the converger, against the shared STAND-IN host (which
 * simulates {@code mkdir} as the test-and-set, the holder file and the release that only removes this run's lock).
 * The same commands run on the real nspawn hosts of every layer test's apply.
 */
class HostLocksTest {
    private static final String HOLDER = "/run/gardenos/apply.lock/holder";

    @TempDir
    Path stateRoot;

    private final StandInConnector standIns = new StandInConnector();
    private final Inventory inventory = TestInventories.nodes(2);

    private ApplyReport apply() {
        TestLayer layer = new TestLayer("base", Set.of(), inv -> List.of(new Play("base", inv.hosts(),
                h -> List.of(RemoteFile.text("/etc/a", "a\n", 0644, "root:root")), Play.Strategy.PARALLEL)));
        return new Converger(inventory, StateDir.open(stateRoot), standIns::host, new RunOptions(2),
                new LinkedHashSet<>(List.of(layer))).apply(List.of(), ApplyListener.NONE);
    }

    private InMemoryHostStandIn host(int i) {
        return standIns.host(inventory.hosts().get(i));
    }

    @Test
    void anApplyHoldsTheLockWhileItRunsAndReleasesItAtTheEnd() {
        ApplyReport report = apply();

        assertThat(report.failures()).isEmpty();
        for (int i = 0; i < 2; i++) {
            assertThat(host(i).commands()).filteredOn(c -> c.contains("if mkdir /run/gardenos/apply.lock")).hasSize(1);
            assertThat(host(i).file(HOLDER)).as("released").isEmpty();
            assertThat(host(i).uploads()).containsExactly("/etc/a");
        }
    }

    @Test
    void aLockHeldFromAnotherAdminMachineRefusesThatHostAndIsNotBroken() {
        String other = "run=0f1e admin=other-admin pid=4242 started=2026-12-02T08:00:00Z";
        host(0).put(HOLDER, other + "\n", 0600, "root:root");

        ApplyReport report = apply();

        assertThat(report.failures()).hasSize(1);
        assertThat(report.failures().get(0).host()).isEqualTo("node-1");
        assertThat(report.failures().get(0).message()).isEqualTo("node-1: another GardenOS apply holds "
                + "/run/gardenos/apply.lock (" + other + "); hint: wait until it has finished; if that run is gone for"
                + " good, remove the directory on node-1 (rm -r /run/gardenos/apply.lock)");
        assertThat(host(0).uploads()).as("nothing changed on the refused host").isEmpty();
        assertThat(host(0).text(HOLDER)).isEqualTo(other + "\n");
        assertThat(host(1).uploads()).containsExactly("/etc/a");
    }

    @Test
    void aLockLeftByACrashedRunOfThisMachineIsTakenOver() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String admin = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "_");
        host(0).put(HOLDER, "run=dead admin=" + admin + " pid=" + gone.pid() + " started=?\n", 0600, "root:root");

        ApplyReport report = apply();

        assertThat(report.failures()).isEmpty();
        assertThat(report.warnings()).singleElement().satisfies(w -> assertThat(w.message())
                .startsWith("took over the stale apply lock /run/gardenos/apply.lock (run=dead admin=")
                .endsWith("its process " + gone.pid() + " on this machine no longer runs (a crashed or killed run)"));
        assertThat(host(0).uploads()).containsExactly("/etc/a");
        assertThat(host(0).file(HOLDER)).as("released").isEmpty();
    }

    @Test
    void anOperationHoldsTheLocksOfItsHostsUntilClosedSoAnApplyMeanwhileIsRefused() {
        try (HostLocks held = HostLocks.holding(inventory.hosts(), standIns)) {
            assertThat(host(0).text(HOLDER)).startsWith("run=").contains(" pid=" + ProcessHandle.current().pid());
            assertThat(host(1).text(HOLDER)).isEqualTo(host(0).text(HOLDER));

            ApplyReport report = apply();

            assertThat(report.failures()).hasSize(2).allSatisfy(f -> assertThat(f.message())
                    .contains("another GardenOS apply holds /run/gardenos/apply.lock (run="));
            assertThat(host(0).uploads()).as("nothing changed while the operation held the lock").isEmpty();
        }
        assertThat(host(0).file(HOLDER)).as("released").isEmpty();
        assertThat(host(1).file(HOLDER)).as("released").isEmpty();
        assertThat(apply().failures()).isEmpty();
    }

    @Test
    void anOperationRefusedOnOneHostReleasesTheLocksItHadTakenAndLeavesTheOtherHoldersLockAlone() {
        String other = "run=0f1e admin=other-admin pid=4242 started=2026-12-02T08:00:00Z";
        host(1).put(HOLDER, other + "\n", 0600, "root:root");

        assertThatThrownBy(() -> HostLocks.holding(inventory.hosts(), standIns))
                .isInstanceOf(org.gardenos.error.GardenException.class)
                .hasMessage("node-2: another GardenOS apply holds /run/gardenos/apply.lock (" + other + "); hint: wait"
                        + " until it has finished; if that run is gone for good, remove the directory on node-2"
                        + " (rm -r /run/gardenos/apply.lock)");
        assertThat(host(0).file(HOLDER)).as("node-1's lock, taken first, released").isEmpty();
        assertThat(host(1).text(HOLDER)).isEqualTo(other + "\n");
    }
}
