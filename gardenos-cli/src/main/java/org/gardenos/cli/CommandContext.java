package org.gardenos.cli;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import org.gardenos.inventory.Inventory;
import org.gardenos.inventory.InventoryLoader;
import org.gardenos.inventory.LoadedInventory;

/**
 * What the commands share once options are parsed: loading the inventory (its warnings go to stderr) and composing
 * the GardenOS object graph exactly as an embedder does ({@link GardenOS#builder()}: core module + layer modules).
 */
final class CommandContext {
    private final CliIo io;
    private final GardenosCommand top;

    @Inject
    CommandContext(CliIo io, GardenosCommand top) {
        this.io = io;
        this.top = top;
    }

    CliIo io() {
        return io;
    }

    GlobalOptions options() {
        return top.options();
    }

    /** The inventory of {@code -f}; warnings printed as {@code warning: ...} lines on stderr. */
    LoadedInventory loadInventory() {
        LoadedInventory loaded = InventoryLoader.load(options().file());
        printWarnings(loaded.warnings());
        return loaded;
    }

    void printWarnings(List<String> warnings) {
        warnings.forEach(w -> io.err().println("warning: " + w));
        io.err().flush();
    }

    /** {@code --state-dir}, else {@code ~/.gardenos/CLUSTER}. */
    Path stateDir(Inventory inventory) {
        return options().stateDirFor(inventory.cluster(), Path.of(System.getProperty("user.home")));
    }
}
