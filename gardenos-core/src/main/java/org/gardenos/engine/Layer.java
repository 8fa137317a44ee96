package org.gardenos.engine;

import java.util.List;
import java.util.Set;
import org.gardenos.inventory.Inventory;

/**
 * A layer of the cluster (base, etcd, lb, k3s, ...): named, ordered after the layers it depends on, and made of
 * plays. Layer modules contribute their layer to Guice with {@code Multibinder<Layer>}.
 */
public interface Layer {
    String name();

    Set<String> dependsOn();

    List<Play> plays(Inventory inventory);
}
