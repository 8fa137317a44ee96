package org.gardenos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.ConfigurationException;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.gardenos.base.BaseLayer;
import org.gardenos.composition.CoreModule;
import org.gardenos.engine.Converger;
import org.gardenos.engine.Layer;
import org.gardenos.engine.Play;
import org.gardenos.engine.RunOptions;
import org.gardenos.inventory.Inventory;
import org.gardenos.standin.StandInConnector;
import org.gardenos.standin.TestInventories;
import org.gardenos.state.StateDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoreModuleTest {
    @TempDir
    Path stateRoot;

    /** A layer as a layer module would write it. */
    static final class SampleEtcdLayer implements Layer {
        private final Inventory inventory;

        @Inject
        SampleEtcdLayer(Inventory inventory) {
            this.inventory = inventory;
        }

        @Override
        public String name() {
            return "etcd";
        }

        @Override
        public Set<String> dependsOn() {
            return Set.of(BaseLayer.NAME);
        }

        @Override
        public List<Play> plays(Inventory ignored) {
            return List.of();
        }
    }

    static final class SampleEtcdModule extends AbstractModule {
        @Override
        protected void configure() {
            Multibinder.newSetBinder(binder(), Layer.class).addBinding().to(SampleEtcdLayer.class);
        }
    }

    /** Injectable, but bound by nobody. */
    static final class Unbound {
        @Inject
        Unbound() {
        }
    }

    /** No @Inject constructor. */
    static final class NoInjectConstructor {
    }

    private CoreModule core() {
        return new CoreModule(TestInventories.nodes(1), StateDir.open(stateRoot), new StandInConnector(),
                RunOptions.defaults());
    }

    @Test
    void strictInjectorBuildsWithCoreAndALayerModule() {
        Injector injector = Guice.createInjector(Stage.PRODUCTION, core(), new SampleEtcdModule());

        Set<Layer> layers = injector.getInstance(Key.get(new TypeLiteral<Set<Layer>>() { }));
        assertThat(layers).extracting(Layer::name).containsExactlyInAnyOrder("base", "etcd");
        assertThat(injector.getInstance(Converger.class).layers()).extracting(Layer::name).containsExactly("base", "etcd");
        assertThat(injector.getInstance(Converger.class)).isSameAs(injector.getInstance(Converger.class));
        assertThat(injector.getInstance(RunOptions.class).parallelism()).isEqualTo(10);
    }

    @Test
    void unboundTypesAreNotCreatedJustInTime() {
        Injector injector = Guice.createInjector(core());
        assertThatThrownBy(() -> injector.getInstance(Unbound.class)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Explicit bindings are required");
    }

    @Test
    void constructorsWithoutInjectAreRejected() {
        assertThatThrownBy(() -> Guice.createInjector(core(), new AbstractModule() {
            @Override
            protected void configure() {
                bind(NoInjectConstructor.class);
            }
        })).isInstanceOf(CreationException.class).hasMessageContaining("@Inject");
    }
}
