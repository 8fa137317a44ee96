package org.gardenos.cli.etcd;

import org.gardenos.GardenOS;
import org.gardenos.cli.command.CommandContext;
import org.gardenos.engine.RunOptions;
import org.gardenos.etcd.EtcdOperations;
import org.gardenos.inventory.Inventory;

/**
 * The GardenOS an etcd command calls {@link EtcdOperations} through. {@link EtcdOperations#checkAccess} runs first,
 * before the state directory is opened (opening creates it), so a wrong {@code --state-dir} leaves nothing behind.
 */
final class EtcdGarden {
    private EtcdGarden() {
    }

    static GardenOS open(CommandContext context, Inventory inventory, boolean acceptNewHostKeys) {
        EtcdOperations.checkAccess(inventory, context.stateDir(inventory.cluster()));
        return context.open(inventory, acceptNewHostKeys, RunOptions.DEFAULT_PARALLELISM);
    }
}
