package org.gardenos.inventory;

import java.util.List;

/**
 * Implemented by a layer's Guice module to contribute its inventory sections. The inventory is loaded before the
 * injector exists, so {@link InventoryLoader#forModules} asks the modules directly.
 */
public interface InventoryExtension {
    List<InventorySection<?>> inventorySections();
}
