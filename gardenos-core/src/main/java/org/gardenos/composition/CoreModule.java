package org.gardenos.composition;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import java.util.Objects;
import org.gardenos.base.BaseLayer;
import org.gardenos.config.DefaultsModule;
import org.gardenos.engine.Converger;
import org.gardenos.engine.Layer;
import org.gardenos.engine.RunOptions;
import org.gardenos.inventory.Inventory;
import org.gardenos.remote.RemoteHostConnector;
import org.gardenos.state.StateDir;
import org.gardenos.status.BaseStatus;
import org.gardenos.status.LayerStatus;
import org.gardenos.status.StatusService;

/**
 * The core of every GardenOS injector: the loaded inventory, the state directory, the host connector, the run
 * options, the {@link Converger}, the layer set with {@link BaseLayer} and the rebindable {@link DefaultsModule}. Layer modules add their layer with
 * {@code Multibinder.newSetBinder(binder(), Layer.class).addBinding().to(EtcdLayer.class)}.
 *
 * <p>Installing this module makes the injector strict, Airlift-style: every injected type must be bound
 * explicitly, constructors need {@code @Inject}, and circular dependencies fail instead of getting proxies.
 */
public final class CoreModule extends AbstractModule {
    private final Inventory inventory;
    private final StateDir stateDir;
    private final RemoteHostConnector connector;
    private final RunOptions options;

    public CoreModule(Inventory inventory, StateDir stateDir, RemoteHostConnector connector, RunOptions options) {
        this.inventory = Objects.requireNonNull(inventory, "inventory");
        this.stateDir = Objects.requireNonNull(stateDir, "stateDir");
        this.connector = Objects.requireNonNull(connector, "connector");
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    protected void configure() {
        binder().requireExplicitBindings();
        binder().disableCircularProxies();
        binder().requireAtInjectOnConstructors();

        bind(Inventory.class).toInstance(inventory);
        bind(StateDir.class).toInstance(stateDir);
        bind(RemoteHostConnector.class).toInstance(connector);
        bind(RunOptions.class).toInstance(options);
        install(new DefaultsModule());
        bind(Converger.class).in(Scopes.SINGLETON);

        bind(BaseLayer.class).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), Layer.class).addBinding().to(BaseLayer.class);

        bind(BaseStatus.class).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), LayerStatus.class).addBinding().to(BaseStatus.class);
        bind(StatusService.class).in(Scopes.SINGLETON);
    }
}
