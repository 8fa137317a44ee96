package org.gardenos.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.gardenos.GardenOS;
import org.gardenos.error.InputException;
import org.gardenos.inventory.Inventory;
import org.gardenos.standin.StandInConnector;
import org.gardenos.standin.TestInventories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Base status over STAND-IN hosts: the verdict follows what each host answers or fails to answer. */
class StatusServiceTest {
    @TempDir
    Path state;

    private final Inventory inventory = TestInventories.nodes(3);
    private final StandInConnector connector = new StandInConnector();

    private GardenOS garden() {
        return GardenOS.builder().inventory(inventory).connector(connector).stateDir(state).build();
    }

    private void answer(String host, String hostname, String systemd) {
        connector.host(inventory.host(host).orElseThrow())
                .on(c -> c.contains("is-system-running"), c -> connector.host(host).result(c, 0, hostname + "\n" + systemd + "\n", ""));
    }

    @Test
    void thirtyHostsAreAskedAllAtOnce() {
        Inventory thirty = TestInventories.nodes(30);
        StandInConnector standIn = new StandInConnector();
        for (var h : thirty.hosts()) {
            standIn.host(h).on(c -> c.contains("is-system-running"),
                    c -> standIn.host(h.name()).result(c, 0, h.name() + "\nrunning\n", ""));
        }
        // every connect waits until all 30 have started: with fewer probes at a time than hosts the first wave
        // would wait in vain (bounded) and say so; an ordering proof, not a timing one
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(thirty.hosts().size());
        java.util.concurrent.atomic.AtomicInteger waitedInVain = new java.util.concurrent.atomic.AtomicInteger();
        org.gardenos.remote.RemoteHostConnector all = host -> {
            started.countDown();
            try {
                if (!started.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    waitedInVain.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return standIn.connect(host);
        };
        try (GardenOS garden = GardenOS.builder().inventory(thirty).connector(all).stateDir(state).build()) {
            StatusReport report = garden.status("base").get(0);
            assertThat(waitedInVain).hasValue(0);
            assertThat(report.summary()).isEqualTo("30/30 hosts healthy");
        }
    }

    @Test
    void allHostsAnsweringWithTheirNameAreHealthy() {
        for (var h : inventory.hosts()) {
            answer(h.name(), h.name(), "running");
        }
        try (GardenOS garden = garden()) {
            List<StatusReport> reports = garden.status("base");
            assertThat(reports).singleElement().satisfies(r -> {
                assertThat(r.health()).isEqualTo(Health.HEALTHY);
                assertThat(r.summary()).isEqualTo("3/3 hosts healthy");
                assertThat(r.items()).extracting(StatusItem::name).containsExactly("node-1", "node-2", "node-3");
                assertThat(r.items().get(0).fields()).containsEntry("systemd", "running").containsEntry("hostname", "node-1");
            });
        }
    }

    @Test
    void anUnreachableHostIsDownAndTheLayerDegraded() {
        answer("node-1", "node-1", "running");
        answer("node-2", "wrong-name", "running");
        connector.refuse("node-3", "host key changed");
        try (GardenOS garden = garden()) {
            StatusReport report = garden.status().get(0);
            assertThat(report.health()).isEqualTo(Health.DEGRADED);
            assertThat(report.items().get(1).health()).isEqualTo(Health.DEGRADED);
            assertThat(report.items().get(2).health()).isEqualTo(Health.DOWN);
            assertThat(report.items().get(2).fields().get("error")).contains("host key changed");
        }
    }

    @Test
    void aDegradedSystemdNamesItsFailedUnits() {
        answer("node-1", "node-1", "running");
        answer("node-2", "node-2", "degraded\ngardenos-etcd.service,haproxy.service");
        answer("node-3", "node-3", "running");
        try (GardenOS garden = garden()) {
            StatusReport report = garden.status("base").get(0);
            assertThat(report.health()).isEqualTo(Health.DEGRADED);
            assertThat(report.items().get(1).fields())
                    .containsEntry("systemd", "degraded")
                    .containsEntry("failed units", "gardenos-etcd.service,haproxy.service");
            assertThat(report.items().get(0).fields()).doesNotContainKey("failed units");
        }
    }

    @Test
    void everyHostDownMeansTheLayerIsDown() {
        for (var h : inventory.hosts()) {
            connector.refuse(h.name(), "connection refused");
        }
        try (GardenOS garden = garden()) {
            assertThat(garden.status("base").get(0).health()).isEqualTo(Health.DOWN);
        }
    }

    @Test
    void unknownLayerIsBadInput() {
        try (GardenOS garden = garden()) {
            assertThatThrownBy(() -> garden.status("nope"))
                    .isInstanceOf(InputException.class)
                    .hasMessageContaining("unknown layer 'nope'").hasMessageContaining("base");
        }
    }

    @Test
    void healthCombinesToTheWorse() {
        assertThat(Health.HEALTHY.and(Health.DEGRADED)).isEqualTo(Health.DEGRADED);
        assertThat(Health.DOWN.and(Health.HEALTHY)).isEqualTo(Health.DOWN);
        assertThat(Health.HEALTHY.and(Health.HEALTHY)).isEqualTo(Health.HEALTHY);
    }
}
