package org.gardenos.k3s;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.gardenos.GardenOS;
import org.gardenos.engine.Layer;
import org.gardenos.lb.LoadBalancerModule;
import org.gardenos.standin.InMemoryHostStandIn;
import org.gardenos.status.StatusService;
import org.gardenos.testsupport.StandInEtcd;
import org.gardenos.testsupport.TestInventories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The modules plug into (etcd played by a stand-in: k3s asks for it through core's EtcdClientCredentials) GardenOS's strict injector (explicit bindings, @Inject constructors). */
class ModulesWiringTest {
    @Test
    void lbAndK3sLayersAndStatusesAreContributed(@TempDir Path dir) {
        try (GardenOS garden = GardenOS.builder().inventory(TestInventories.threeServers()).stateDir(dir)
                .connector(h -> InMemoryHostStandIn.succeeding(h.name()))
                .addModule(new StandInEtcd.Module(), new LoadBalancerModule(), new K3sModule()).build()) {
            assertThat(garden.layers()).extracting(Layer::name).containsSubsequence("base", "lb", "k3s");
            assertThat(garden.get(StatusService.class).layers()).contains("lb", "k3s");
        }
    }
}
