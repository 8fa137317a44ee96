package org.gardenos;

import org.gardenos.error.InputException;
import org.gardenos.error.GardenException;
import com.google.inject.ConfigurationException;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import com.google.inject.Stage;
import com.google.inject.spi.Message;
import com.google.inject.util.Modules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gardenos.composition.CoreModule;
import org.gardenos.engine.ApplyListener;
import org.gardenos.engine.ApplyReport;
import org.gardenos.engine.Converger;
import org.gardenos.engine.Layer;
import org.gardenos.engine.PlanReport;
import org.gardenos.engine.RunOptions;
import org.gardenos.inventory.Inventory;
import org.gardenos.inventory.InventoryExtension;
import org.gardenos.inventory.InventorySection;
import org.gardenos.remote.RemoteHostConnector;
import org.gardenos.state.StateDir;
import org.gardenos.state.StateDirLock;
import org.gardenos.status.StatusReport;
import org.gardenos.status.StatusService;

/**
 * GardenOS embedded in another JVM tool:
 * <pre>{@code
 * List<Module> layers = List.of(new EtcdModule());
 * Inventory inventory = InventoryLoader.forModules(layers).load(file).inventory();
 * try (GardenOS garden = GardenOS.builder()
 *         .inventory(inventory)            // loaded with the same modules' sections
 *         .connector(connector)            // e.g. the SSH connector; closed with this object
 *         .addModule(layers.toArray(Module[]::new))
 *         .build()) {
 *     PlanReport plan = garden.plan("etcd");
 *     ApplyReport report = garden.apply(ApplyListener.NONE);   // all layers
 * }
 * }</pre>
 */
public final class GardenOS implements AutoCloseable {
    private final Injector injector;
    private final RemoteHostConnector connector;
    private final AtomicBoolean closed = new AtomicBoolean();

    private GardenOS(Injector injector, RemoteHostConnector connector) {
        this.injector = injector;
        this.connector = connector;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Inventory inventory() {
        return injector.getInstance(Inventory.class);
    }

    /** Every layer of this instance, dependencies first. */
    public List<Layer> layers() {
        return converger().layers();
    }

    /** What {@link #apply} would change for the named layers (none: all); changes nothing. */
    public PlanReport plan(String... layers) {
        try (StateDirLock lock = lock("plan", layers)) {
            return converger().plan(List.of(layers));
        }
    }

    /** Converges the named layers (none: all) in dependency order; see {@link Converger#apply}. */
    public ApplyReport apply(ApplyListener listener, String... layers) {
        try (StateDirLock lock = lock("apply", layers)) {
            return converger().apply(List.of(layers), listener);
        }
    }

    /** Plan and apply hold the state dir's lock: a second run on it is refused, naming this one. */
    private StateDirLock lock(String command, String... layers) {
        return StateDirLock.acquire(injector.getInstance(StateDir.class),
                (command + " " + String.join(" ", layers)).strip());
    }

    /** The health of the named layers (none: every layer with a status), probed in parallel; changes nothing. */
    public List<StatusReport> status(String... layers) {
        return injector.getInstance(StatusService.class).probe(List.of(layers));
    }

    /** An explicitly bound object of the injector (e.g. {@code Converger}, a layer, a module's service). */
    public <T> T get(Class<T> type) {
        try {
            return injector.getInstance(type);
        } catch (ConfigurationException e) {
            throw unwrap(e.getErrorMessages(), e);
        } catch (ProvisionException e) {
            throw unwrap(e.getErrorMessages(), e);
        }
    }

    private Converger converger() {
        return injector.getInstance(Converger.class);
    }

    /** Closes the connector (and with it every connection) when it is closeable. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && connector instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new GardenException("closing the host connector failed: " + e.getMessage(), e);
            }
        }
    }

    /** Guice wraps what modules and constructors throw; hand our own exceptions to the caller as they were. */
    private static RuntimeException unwrap(Collection<Message> messages, RuntimeException wrapper) {
        for (Message message : messages) {
            Throwable cause = message.getCause();
            if (cause instanceof InputException || cause instanceof GardenException) {
                return (RuntimeException) cause;
            }
        }
        return wrapper;
    }

    /** Fluent builder; {@link #inventory} and {@link #connector} are required. */
    public static final class Builder {
        private Inventory inventory;
        private Path stateDir;
        private RemoteHostConnector connector;
        private int parallelism = RunOptions.DEFAULT_PARALLELISM;
        private final List<Module> modules = new ArrayList<>();
        private final List<Module> overrides = new ArrayList<>();

        private Builder() {
        }

        /** The loaded, validated inventory. */
        public Builder inventory(Inventory inventory) {
            this.inventory = Objects.requireNonNull(inventory, "inventory");
            return this;
        }

        /** Where keys, certificates and tokens live; default {@code ~/.gardenos/CLUSTER}. Created 0700. */
        public Builder stateDir(Path stateDir) {
            this.stateDir = Objects.requireNonNull(stateDir, "stateDir");
            return this;
        }

        /** How hosts are reached; closed by {@link GardenOS#close()} when it is {@link AutoCloseable}. */
        public Builder connector(RemoteHostConnector connector) {
            this.connector = Objects.requireNonNull(connector, "connector");
            return this;
        }

        /** How many hosts are worked on at the same time (default {@value RunOptions#DEFAULT_PARALLELISM}). */
        public Builder parallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        /** Layer modules and anything else to install beside {@link CoreModule}. */
        public Builder addModule(Module... modules) {
            this.modules.addAll(Arrays.asList(modules));
            return this;
        }

        /**
         * Bindings that replace those of the core and layer modules ({@code Modules.override}): e.g. a
         * {@code ReleaseArtifact} on a temp cache, a fixed {@code Clock}, shorter {@code EtcdTimeouts}.
         */
        public Builder overrideWith(Module... overrides) {
            this.overrides.addAll(Arrays.asList(overrides));
            return this;
        }

        /**
         * Creates the injector. Strict: every binding is resolved now, so a wiring mistake (a missing or duplicate
         * binding) surfaces here. Instances are made when first needed ({@code Stage.DEVELOPMENT}): a
         * {@code status base} makes no HTTP client and no Kubernetes or etcd client it does not use, which is what
         * a short command's start-up time is spent on (docs/performance.md).
         *
         * @throws InputException      for bad input (e.g. parallelism below 1)
         * @throws IllegalStateException when inventory or connector is missing
         */
        public GardenOS build() {
            if (inventory == null) {
                throw new IllegalStateException("GardenOS.builder(): inventory(...) is required");
            }
            if (connector == null) {
                throw new IllegalStateException("GardenOS.builder(): connector(...) is required");
            }
            requireSections();
            RunOptions options = new RunOptions(parallelism);
            Path dir = stateDir != null ? stateDir
                    : Path.of(System.getProperty("user.home"), ".gardenos", inventory.cluster());
            List<Module> all = new ArrayList<>();
            all.add(new CoreModule(inventory, StateDir.open(dir), connector, options));
            all.addAll(modules);
            try {
                Module composed = overrides.isEmpty() ? Modules.combine(all) : Modules.override(all).with(overrides);
                Injector injector = Guice.createInjector(Stage.DEVELOPMENT, composed);
                injector.getInstance(Converger.class); // the layer graph's errors (unknown, cyclic) surface here
                return new GardenOS(injector, connector);
            } catch (CreationException e) {
                throw unwrap(e.getErrorMessages(), e);
            } catch (ProvisionException e) {
                throw unwrap(e.getErrorMessages(), e);
            }
        }

        /** A layer module whose section the inventory lacks would fail later, deep inside a play: say it now. */
        private void requireSections() {
            for (Module module : modules) {
                if (module instanceof InventoryExtension extension) {
                    for (InventorySection<?> section : extension.inventorySections()) {
                        if (inventory.findSection(section.type()).isEmpty()) {
                            throw new IllegalStateException("GardenOS.builder(): the inventory has no '" + section.key()
                                    + "' section although " + module.getClass().getSimpleName() + " is installed;"
                                    + " load it with InventoryLoader.forModules(...) and the same modules");
                        }
                    }
                }
            }
        }
    }
}
