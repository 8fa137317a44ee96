package org.gardenos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.matcher.Matchers;
import com.google.inject.spi.ProvisionListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.gardenos.cli.command.ConnectorFactory;
import org.gardenos.cli.command.LayerModules;
import org.gardenos.standin.StandInConnector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code status}, {@code plan} or {@code apply} of base alone builds no other layer's objects (counted: every
 * object the GardenOS injector makes, through a provision listener installed with the shipped layer modules); one
 * that names another layer, or none, installs every shipped module, as before.
 */
class LayerModulesForLayersTest {
    private static final List<String> OTHER_LAYERS = List.of("org.gardenos.etcd.", "org.gardenos.lb.",
            "org.gardenos.k3s.", "org.gardenos.postgres.");

    @TempDir
    Path dir;
    Path inventory;
    final Set<String> made = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void files() throws IOException {
        inventory = TestInventoryFiles.threeNodes(dir);
    }

    private CliRun gardenos(String... args) {
        Module counting = binder -> binder.bindListener(Matchers.any(), new ProvisionListener() {
            @Override
            public <T> void onProvision(ProvisionInvocation<T> provision) {
                made.add(provision.provision().getClass().getName());
            }
        });
        List<Module> modules = new ArrayList<>(LayerModules.shipped().modules());
        modules.add(counting);
        Module standIns = new AbstractModule() {
            @Override
            protected void configure() {
                bind(ConnectorFactory.class).toInstance((inv, acceptNew) -> StandInConnector.succeedingHosts());
                bind(LayerModules.class).toInstance(new LayerModules(modules));
            }
        };
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-f", inventory.toString(), "--state-dir", dir.resolve("state").toString()));
        return CliRun.run(Map.of(), cli -> { }, new Module[] {standIns}, all.toArray(String[]::new));
    }

    private List<String> madeOfOtherLayers() {
        return made.stream().filter(c -> OTHER_LAYERS.stream().anyMatch(c::startsWith)).sorted().toList();
    }

    @Test
    void statusOfBaseMakesNoOtherLayersStatus() {
        CliRun base = gardenos("status", "base");

        assertThat(base.out()).as(base.toString()).startsWith("base: ");
        assertThat(madeOfOtherLayers()).isEmpty();
    }

    @Test
    void statusNamingAnotherLayerInstallsEveryModuleAsBefore() {
        CliRun run = gardenos("status", "base", "nosuch");

        // the message lists every layer with a status: all modules are there
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown layer 'nosuch' for status; layers with a status: base, etcd, k3s, lb,"
                + " postgres");
        assertThat(madeOfOtherLayers()).contains("org.gardenos.etcd.EtcdStatus", "org.gardenos.lb.LoadBalancerLayerStatus",
                "org.gardenos.k3s.K3sLayerStatus", "org.gardenos.postgres.status.PostgresStatus", "org.gardenos.etcd.EtcdLayer");
    }

    @Test
    void planAndApplyOfBaseMakeNoOtherLayer() {
        CliRun plan = gardenos("plan", "base");
        CliRun apply = gardenos("apply", "base", "base");

        assertThat(plan.out()).as(plan.toString()).contains("base");
        assertThat(apply.out()).as(apply.toString()).contains("node-1");
        assertThat(madeOfOtherLayers()).isEmpty();
    }

    @Test
    void planOfEveryLayerMakesEveryLayer() {
        gardenos("plan", "nosuch");

        assertThat(madeOfOtherLayers()).contains("org.gardenos.etcd.EtcdLayer", "org.gardenos.lb.LoadBalancerLayer",
                "org.gardenos.k3s.K3sLayer", "org.gardenos.postgres.PostgresLayer");
    }

    @Test
    void onlyNamesThatAreAllBaseLeaveTheLayerModulesOut() {
        LayerModules shipped = LayerModules.shipped();

        assertThat(shipped.forLayers(List.of("base")).modules()).isEmpty();
        assertThat(shipped.forLayers(List.of("base", "base")).modules()).isEmpty();
        assertThat(shipped.forLayers(List.of())).isSameAs(shipped);
        assertThat(shipped.forLayers(List.of("base", "etcd"))).isSameAs(shipped);
        assertThat(shipped.forLayers(List.of("lb"))).isSameAs(shipped);
    }
}
