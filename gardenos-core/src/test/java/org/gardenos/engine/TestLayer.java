package org.gardenos.engine;

import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.gardenos.inventory.Inventory;

/** A layer assembled by a test: a name, its dependencies and a function building its plays. */
record TestLayer(String name, Set<String> dependsOn, Function<Inventory, List<Play>> playsOf) implements Layer {
    static TestLayer of(String name, String... dependsOn) {
        return new TestLayer(name, Set.of(dependsOn), inv -> List.of());
    }

    @Override
    public List<Play> plays(Inventory inventory) {
        return playsOf.apply(inventory);
    }
}
