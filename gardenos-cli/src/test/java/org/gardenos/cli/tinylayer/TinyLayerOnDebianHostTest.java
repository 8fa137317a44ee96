package org.gardenos.cli.tinylayer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gardenos.GardenOS;
import org.gardenos.engine.ApplyListener;
import org.gardenos.engine.ApplyReport;
import org.gardenos.engine.PlanReport;
import org.gardenos.engine.PlannedChange;
import org.gardenos.error.InputException;
import org.gardenos.inventory.Inventory;
import org.gardenos.inventory.InventoryLoader;
import org.gardenos.remote.ssh.HostKeyPolicy;
import org.gardenos.remote.ssh.SshRemoteHostConnector;
import org.gardenos.status.Health;
import org.gardenos.status.StatusReport;
import org.gardenos.testkit.Prerequisites;
import org.gardenos.nspawn.DebianHosts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Adding a layer touches no file in gardenos-core": {@link MotdLayerModule}, declared in this test, validates (its
 * own section key and role, its errors in the loader's FILE:LINE:COL form), plans, applies, converges and reports its
 * status on a real Debian host (systemd-nspawn, over SSH).
 */
class TinyLayerOnDebianHostTest {
    @TempDir
    Path dir;

    @Test
    void aLayerDeclaredOutsideCoreValidatesPlansAppliesAndReportsOnARealHost() throws Exception {
        Prerequisites.require(DebianHosts.missingPrerequisites().isEmpty(),
                "needs " + String.join(", ", DebianHosts.missingPrerequisites()));
        InventoryLoader loader = InventoryLoader.forModules(List.of(new MotdLayerModule()));
        try (DebianHosts hosts = DebianHosts.builder().count(1).namePrefix("tiny").build().start()) {
            Map<String, Set<org.gardenos.inventory.Role>> roles = Map.of("tiny1", Set.of(MotdLayerModule.ROLE));
            Path bad = hosts.inventoryFile("tiny", "motd:\n  txt: hello\n", Map.of("tiny1", Set.of(
                    org.gardenos.inventory.Role.of("mtod"))));
            InputException e = catchThrowableOfType(InputException.class, () -> loader.load(bad));
            assertThat(e.lines()).anySatisfy(l -> assertThat(l).matches(".*:\\d+:\\d+: hosts\\[0\\]\\.roles\\[0\\]: "
                    + "unknown role 'mtod' \\(did you mean 'motd'\\? roles are motd\\)"));
            assertThat(e.lines()).anySatisfy(l -> assertThat(l).matches(".*:\\d+:\\d+: motd\\.txt: unknown key 'txt'"
                    + " \\(did you mean 'text'\\?\\)"));

            Path file = hosts.inventoryFile("tiny", "motd:\n  text: hello from a tiny layer\n", roles);
            Inventory inventory = loader.load(file).inventory();
            assertThat(inventory.section(MotdLayerModule.MotdSettings.class).text()).isEqualTo("hello from a tiny layer");

            try (GardenOS garden = GardenOS.builder().inventory(inventory).stateDir(dir)
                    .connector(new SshRemoteHostConnector(inventory.ssh(), HostKeyPolicy.STRICT))
                    .addModule(new MotdLayerModule()).build()) {
                PlanReport plan = garden.plan("motd");
                assertThat(plan.changes()).extracting(PlannedChange::resource).containsExactly("file:/etc/motd");
                ApplyReport report = garden.apply(ApplyListener.NONE, "motd");
                assertThat(report.failed()).isZero();
                assertThat(report.changed()).isEqualTo(1);
                assertThat(garden.plan("motd").converged()).isTrue();
                assertThat(garden.apply(ApplyListener.NONE, "motd").changed()).isZero();
                StatusReport status = garden.status("motd").get(0);
                assertThat(status.health()).isEqualTo(Health.HEALTHY);
                assertThat(status.summary()).isEqualTo("1/1 hosts show the wanted motd");
            }
        }
    }
}
