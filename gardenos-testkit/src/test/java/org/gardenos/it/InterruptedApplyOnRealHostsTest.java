package org.gardenos.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.gardenos.GardenOS;
import org.gardenos.base.BaseLayer;
import org.gardenos.engine.ApplyListener;
import org.gardenos.engine.ApplyReport;
import org.gardenos.engine.Change;
import org.gardenos.engine.HostRecap;
import org.gardenos.engine.Outcome;
import org.gardenos.nspawn.TestHost;
import org.gardenos.remote.ssh.HostKeyPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C in the middle of an apply, on real hosts: the calling thread is interrupted as soon as the first resource
 * has changed something (so the hosts are left half-done), the run stops starting new work and says so, and a
 * fresh run finishes the job; a third changes nothing.
 */
class InterruptedApplyOnRealHostsTest {
    @TempDir
    static Path stateDir;
    @RegisterExtension
    static final IntegrationHosts.Fleet fleet = IntegrationHosts.fleet(2);

    @Test
    void interruptedRunStopsAndAFreshRunConverges() throws Exception {
        CountDownLatch firstChange = new CountDownLatch(1);
        CountDownLatch interruptSent = new CountDownLatch(1);
        // the converger calls listeners one at a time: holding this call holds every worker at its next event,
        // so the interrupt lands before any host gets further than the resource it is running
        ApplyListener interruptAfterFirstChange = new ApplyListener() {
            @Override
            public void resourceFinished(String host, String layer, String resource, Outcome outcome, Change change) {
                if (outcome == Outcome.CHANGED) {
                    firstChange.countDown();
                    try {
                        interruptSent.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        AtomicReference<ApplyReport> interrupted = new AtomicReference<>();
        AtomicBoolean flagSetAfterwards = new AtomicBoolean();
        AtomicReference<Throwable> crashed = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try (GardenOS garden = IntegrationHosts.garden(fleet.inventory(), stateDir, HostKeyPolicy.STRICT, 2)) {
                interrupted.set(garden.apply(interruptAfterFirstChange, BaseLayer.NAME));
                flagSetAfterwards.set(Thread.currentThread().isInterrupted());
            } catch (Throwable t) {
                crashed.set(t);
            }
        }, "it-apply");
        thread.start();
        assertThat(firstChange.await(120, TimeUnit.SECONDS)).as("a resource changed").isTrue();
        thread.interrupt();
        interruptSent.countDown();
        thread.join(TimeUnit.MINUTES.toMillis(5));
        assertThat(thread.isAlive()).isFalse();
        assertThat(crashed.get()).isNull();

        ApplyReport report = interrupted.get();
        assertThat(report.interrupted()).isTrue();
        assertThat(flagSetAfterwards.get()).as("apply sets the caller's interrupt flag again").isTrue();
        assertThat(report.failed()).isZero();
        assertThat(report.changed()).isPositive();
        int resourcesPerHost = new BaseLayer().resources(fleet.inventory(), fleet.inventory().hosts().get(0)).size();
        for (HostRecap recap : report.hosts()) {
            assertThat(recap.skipped()).as(recap.name()).isPositive();
            assertThat(recap.ok() + recap.changed() + recap.skipped()).as(recap.name()).isEqualTo(resourcesPerHost);
        }
        assertThat(new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(report)).get("interrupted")
                .asBoolean()).isTrue();
        // no host got as far as the sysctl file (two resources after any that could be running at the interrupt)
        for (TestHost h : fleet.hosts().hosts()) {
            assertThat(h.exec("test -e " + BaseLayer.SYSCTL_FILE).exitCode()).as(h.name()).isNotZero();
        }

        ApplyReport fresh;
        ApplyReport third;
        try (GardenOS garden = IntegrationHosts.garden(fleet.inventory(), stateDir, HostKeyPolicy.STRICT, 2)) {
            fresh = garden.apply(ApplyListener.NONE, BaseLayer.NAME);
        }
        try (GardenOS garden = IntegrationHosts.garden(fleet.inventory(), stateDir, HostKeyPolicy.STRICT, 2)) {
            third = garden.apply(ApplyListener.NONE, BaseLayer.NAME);
        }
        assertThat(fresh.interrupted()).isFalse();
        assertThat(fresh.failed()).isZero();
        assertThat(fresh.changed()).isPositive();
        assertThat(fresh.hosts()).allSatisfy(h -> assertThat(h.skipped()).isZero());
        for (TestHost h : fleet.hosts().hosts()) {
            assertThat(h.exec("cat " + BaseLayer.SYSCTL_FILE).requireOk().stdout()).contains("net.ipv4.ip_forward = 1");
        }
        assertThat(third.changed()).isZero();
        assertThat(third.failed()).isZero();
        assertThat(third.interrupted()).isFalse();
    }
}
