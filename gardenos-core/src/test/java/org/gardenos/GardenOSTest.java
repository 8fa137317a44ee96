package org.gardenos;

import org.gardenos.error.InputException;
import org.gardenos.error.GardenException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.gardenos.artifact.ArtifactSettings;
import org.gardenos.artifact.ReleaseArtifact;
import org.gardenos.base.BaseLayer;
import org.gardenos.engine.ApplyListener;
import org.gardenos.engine.ApplyReport;
import org.gardenos.engine.Converger;
import org.gardenos.engine.Layer;
import org.gardenos.engine.Play;
import org.gardenos.engine.PlanReport;
import org.gardenos.inventory.Inventory;
import org.gardenos.resources.RemoteFile;
import org.gardenos.standin.StandInConnector;
import org.gardenos.standin.TestInventories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GardenOSTest {
    @TempDir
    Path tmp;

    private final StandInConnector connector = new StandInConnector();
    private final Inventory inventory = TestInventories.nodes(2);

    /** A layer module whose layer writes one file (so plan/apply can be exercised without the base probes). */
    static final class MarkerLayer implements Layer {
        @jakarta.inject.Inject
        MarkerLayer() {
        }

        @Override
        public String name() {
            return "marker";
        }

        @Override
        public Set<String> dependsOn() {
            return Set.of("base");
        }

        @Override
        public List<Play> plays(Inventory inv) {
            return List.of(new Play("marker", inv.hosts(),
                    h -> List.of(RemoteFile.text("/etc/gardenos/marker", h.name() + "\n", 0644, "root:root")),
                    Play.Strategy.PARALLEL));
        }
    }

    static final class MarkerModule extends AbstractModule {
        @Override
        protected void configure() {
            bind(MarkerLayer.class);
            Multibinder.newSetBinder(binder(), Layer.class).addBinding().to(MarkerLayer.class);
        }
    }

    private GardenOS.Builder builder() {
        return GardenOS.builder().inventory(inventory).stateDir(tmp.resolve("state")).connector(connector);
    }

    @Test
    void embedsPlanApplyAndLayersInDependencyOrder() throws Exception {
        try (GardenOS garden = builder().parallelism(2).addModule(new MarkerModule()).build()) {
            assertThat(garden.layers()).extracting(Layer::name).containsExactly("base", "marker");
            assertThat(garden.inventory()).isSameAs(inventory);
            assertThat(garden.get(BaseLayer.class)).isNotNull();
            assertThat(garden.get(Converger.class)).isSameAs(garden.get(Converger.class));

            PlanReport plan = garden.plan("marker");
            assertThat(plan.changes()).extracting(c -> c.host() + " " + c.resource())
                    .containsExactly("node-1 file:/etc/gardenos/marker", "node-2 file:/etc/gardenos/marker");
            ApplyReport applied = garden.apply(ApplyListener.NONE, "marker");
            assertThat(applied.changed()).isEqualTo(2);
            assertThat(garden.apply(ApplyListener.NONE, "marker").changed()).isZero();
        }
        assertThat(Files.getPosixFilePermissions(tmp.resolve("state")))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void closeClosesTheConnectorOnce() {
        GardenOS garden = builder().build();
        garden.close();
        garden.close();
        assertThat(connector.closeCount()).isEqualTo(1);
    }

    @Test
    void unknownLayerIsAnInputError() {
        try (GardenOS garden = builder().build()) {
            assertThatThrownBy(() -> garden.plan("etcd")).isInstanceOf(InputException.class)
                    .hasMessage("unknown layer 'etcd'; known layers: base");
        }
    }

    @Test
    void builderMistakesAreClear() {
        assertThatThrownBy(() -> GardenOS.builder().connector(connector).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("inventory(...) is required");
        assertThatThrownBy(() -> GardenOS.builder().inventory(inventory).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("connector(...) is required");
        assertThatThrownBy(() -> builder().parallelism(0).build()).isInstanceOf(InputException.class)
                .hasMessage("parallelism must be at least 1, got 0");
    }

    @Test
    void aLayerModuleMissingItsDependencyFailsAtBuildWithOurMessage() {
        AbstractModule orphan = new AbstractModule() {
            @Override
            protected void configure() {
                Multibinder.newSetBinder(binder(), Layer.class).addBinding().toInstance(new Layer() {
                    @Override
                    public String name() {
                        return "k3s";
                    }

                    @Override
                    public Set<String> dependsOn() {
                        return Set.of("etcd");
                    }

                    @Override
                    public List<Play> plays(Inventory inv) {
                        return List.of();
                    }
                });
            }
        };
        assertThatThrownBy(() -> builder().addModule(orphan).build()).isInstanceOf(GardenException.class)
                .hasMessage("layer 'k3s' depends on unknown layer 'etcd' (known layers: base, k3s); "
                        + "add the module that provides it");
    }

    @Test
    void theDefaultCollaboratorsAreBoundAndAnEmbedderRebindsThemWithOverrideWith() {
        try (GardenOS defaults = GardenOS.builder().inventory(inventory).stateDir(tmp.resolve("a"))
                .connector(connector).build()) {
            assertThat(defaults.get(Clock.class).getZone()).isEqualTo(ZoneOffset.UTC);
            assertThat(defaults.get(HttpClient.class).followRedirects())
                    .isEqualTo(HttpClient.Redirect.NORMAL);
            assertThat(defaults.get(ReleaseArtifact.class).cacheDir())
                    .isEqualTo(ArtifactSettings.defaults().cacheDir());
        }
        Clock fixed = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"),
                ZoneOffset.UTC);
        Path cache = tmp.resolve("cache");
        try (GardenOS rebound = GardenOS.builder().inventory(inventory).stateDir(tmp.resolve("b"))
                .connector(connector).overrideWith(binder -> {
                    binder.bind(Clock.class).toInstance(fixed);
                    binder.bind(ArtifactSettings.class).toInstance(
                            new ArtifactSettings(cache, Duration.ofSeconds(30)));
                }).build()) {
            assertThat(rebound.get(Clock.class)).isSameAs(fixed);
            assertThat(rebound.get(ReleaseArtifact.class).cacheDir()).isEqualTo(cache);
        }
    }

    @Test
    void artifactSettingsNameEveryWrongValue() {
        assertThatThrownBy(() -> new ArtifactSettings(null, Duration.ZERO))
                .isInstanceOfSatisfying(InputException.class, e -> assertThat(e.lines()).containsExactly(
                        "artifact settings: cacheDir is required",
                        "artifact settings: downloadTimeout must be a positive duration, got PT0S"));
    }

    /** Lazy instances (docs/performance.md): building the entry point makes no HTTP client; asking for what needs it does. */
    @Test
    void buildsOnlyWhatACommandUses() {
        int[] made = {0};
        GardenOS garden = builder().overrideWith(binder -> {
            binder.bind(HttpClient.class).toProvider(() -> {
                made[0]++;
                return HttpClient.newHttpClient();
            });
            binder.bind(ArtifactSettings.class).toInstance(new ArtifactSettings(tmp.resolve("cache"), Duration.ofSeconds(2)));
        }).build();
        garden.get(Converger.class);
        ReleaseArtifact artifacts = garden.get(ReleaseArtifact.class);
        assertThat(made[0]).as("HTTP clients made before anything downloads").isZero();
        assertThatThrownBy(() -> artifacts.fetch(
                org.gardenos.artifact.ArtifactSpec.download("none.tar.gz", "http://127.0.0.1:9", "0".repeat(64))))
                .isInstanceOf(GardenException.class);
        assertThat(made[0]).isEqualTo(1);
    }
}
