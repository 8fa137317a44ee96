package org.gardenos.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gardenos.GardenOS;
import org.gardenos.engine.ApplyListener;
import org.gardenos.engine.ApplyReport;
import org.gardenos.engine.PlanReport;
import com.google.inject.Module;
import org.gardenos.etcd.EtcdModule;
import org.gardenos.k3s.K3sModule;
import org.gardenos.lb.LoadBalancerModule;
import org.gardenos.inventory.Inventory;
import org.gardenos.inventory.InventoryLoader;
import org.gardenos.inventory.LoadedInventory;
import org.gardenos.nspawn.DebianHosts;
import org.gardenos.remote.ssh.HostKeyPolicy;
import org.gardenos.remote.ssh.SshRemoteHostConnector;
import org.gardenos.testkit.Prerequisites;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example of docs/embedding.md, run as written against a real Debian host over SSH (a testkit host). The block
 * between the markers is what the document shows; {@link EmbeddingDocTest} keeps the two identical.
 */
class EmbeddingExampleTest {
    @TempDir
    Path stateDir;

    @Test
    void embeddedPlanAndApplyConvergeARealHost() {
        Prerequisites.require(DebianHosts.missingPrerequisites().isEmpty(),
                "needs " + String.join(", ", DebianHosts.missingPrerequisites()));
        try (DebianHosts hosts = DebianHosts.builder().count(1).namePrefix("embed").build().start()) {
            Path inventoryFile = hosts.inventoryFile("embedded", "");
            List<String> printed = new ArrayList<>();

            // --- example: embedding ---
            List<Module> layers = List.of(new EtcdModule(), new K3sModule(), new LoadBalancerModule());
            LoadedInventory loaded = InventoryLoader.forModules(layers)      // each module reads its own section
                    .load(inventoryFile);                                     // InputException: one line per problem
            Inventory inventory = loaded.inventory();
            try (GardenOS garden = GardenOS.builder()
                    .inventory(inventory)
                    .stateDir(stateDir)                                       // default: ~/.gardenos/CLUSTER
                    .connector(new SshRemoteHostConnector(inventory.ssh(), HostKeyPolicy.STRICT))
                    .addModule(layers.toArray(Module[]::new))                 // the same modules
                    .build()) {
                PlanReport plan = garden.plan("base");                        // what would change; changes nothing
                plan.changes().forEach(c -> printed.add(c.host() + " " + c.resource() + ": " + c.action()));

                ApplyReport report = garden.apply(ApplyListener.NONE, "base"); // never throws for a host failure
                report.failures().forEach(f -> printed.add("failed: " + f.line()));
                printed.add("changed " + report.changed() + ", failed " + report.failed());
            }
            // --- end of example ---

            assertThat(printed).anySatisfy(line -> assertThat(line).startsWith("embed1 block:/etc/hosts"));
            assertThat(printed).last().isEqualTo("changed " + (printed.size() - 1) + ", failed 0");
            try (GardenOS again = GardenOS.builder().inventory(inventory).stateDir(stateDir)
                    .connector(new SshRemoteHostConnector(inventory.ssh(), HostKeyPolicy.STRICT)).build()) {
                assertThat(again.plan("base").converged()).isTrue();
            }
        }
    }
}
