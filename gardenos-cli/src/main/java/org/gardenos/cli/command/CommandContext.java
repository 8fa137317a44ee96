package org.gardenos.cli.command;

import com.google.inject.Module;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import org.gardenos.GardenOS;
import org.gardenos.inventory.Inventory;
import org.gardenos.inventory.LoadedInventory;
import org.gardenos.remote.RemoteHostConnector;

/**
 * What the commands share once options are parsed: loading the inventory (its warnings go to stderr) and composing
 * the GardenOS object graph exactly as an embedder does ({@link GardenOS#builder()}: core module + layer modules).
 */
public final class CommandContext {
    private final CliIo io;
    private final GlobalOptionsSource top;
    private final ConnectorFactory connectors;
    private final LayerModules layers;

    @Inject
    CommandContext(CliIo io, GlobalOptionsSource top, ConnectorFactory connectors, LayerModules layers) {
        this.io = io;
        this.top = top;
        this.connectors = connectors;
        this.layers = layers;
    }

    public CliIo io() {
        return io;
    }

    public GlobalOptions options() {
        return top.options();
    }

    public ConnectorFactory connectors() {
        return connectors;
    }

    /** The inventory of {@code -f}; warnings printed as {@code warning: ...} lines on stderr. */
    public LoadedInventory loadInventory() {
        return loadInventory(options().file());
    }

    /** The inventory in {@code file}; warnings printed as {@code warning: ...} lines on stderr. */
    public LoadedInventory loadInventory(Path file) {
        LoadedInventory loaded = layers.inventoryLoader().load(file);
        printWarnings(loaded.warnings());
        return loaded;
    }

    void printWarnings(List<String> warnings) {
        warnings.forEach(w -> io.err().println("warning: " + w));
        io.err().flush();
    }

    /** {@code --state-dir}, else {@code ~/.gardenos/CLUSTER}. */
    public Path stateDir(String cluster) {
        return options().stateDirFor(cluster, Path.of(System.getProperty("user.home")));
    }

    /** A GardenOS for {@code inventory}, owning a fresh connector; closing it closes every connection. */
    public GardenOS open(Inventory inventory, boolean acceptNewHostKeys, int parallelism) {
        return open(inventory, acceptNewHostKeys, parallelism, layers);
    }

    /**
     * A GardenOS for a plan, apply or status of {@code layerNames} (none: every layer), with only the layer modules
     * that needs ({@link LayerModules#forLayers}).
     */
    public GardenOS open(Inventory inventory, boolean acceptNewHostKeys, int parallelism, List<String> layerNames) {
        return open(inventory, acceptNewHostKeys, parallelism, layers.forLayers(layerNames));
    }

    private GardenOS open(Inventory inventory, boolean acceptNewHostKeys, int parallelism, LayerModules modules) {
        RemoteHostConnector connector = connectors.open(inventory, acceptNewHostKeys);
        try {
            return GardenOS.builder()
                    .inventory(inventory)
                    .stateDir(stateDir(inventory.cluster()))
                    .connector(connector)
                    .parallelism(parallelism)
                    .addModule(modules.modules().toArray(Module[]::new))
                    .build();
        } catch (RuntimeException e) {
            if (connector instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }
}
