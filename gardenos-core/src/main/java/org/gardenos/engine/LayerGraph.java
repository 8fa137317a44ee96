package org.gardenos.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.gardenos.error.GardenException;
import org.gardenos.error.InputException;

/**
 * The bound layers in dependency order. Ties are broken by name so the order never depends on module order.
 * Dependencies only order layers: selecting {@code etcd} alone does not pull in {@code base}.
 */
final class LayerGraph {
    private final Map<String, Layer> byName;
    private final List<Layer> ordered;

    LayerGraph(Collection<? extends Layer> layers) {
        Map<String, Layer> named = new TreeMap<>();
        for (Layer layer : layers) {
            Layer previous = named.put(layer.name(), layer);
            if (previous != null) {
                throw new GardenException("two layers are named '" + layer.name() + "' ("
                        + previous.getClass().getName() + ", " + layer.getClass().getName() + ")");
            }
        }
        for (Layer layer : named.values()) {
            for (String dependency : layer.dependsOn()) {
                if (!named.containsKey(dependency)) {
                    throw new GardenException("layer '" + layer.name() + "' depends on unknown layer '" + dependency
                            + "' (known layers: " + String.join(", ", named.keySet()) + "); add the module that provides it");
                }
            }
        }
        this.byName = Map.copyOf(named);
        this.ordered = List.copyOf(topological(named));
    }

    private static List<Layer> topological(Map<String, Layer> named) {
        Map<String, Integer> missing = new HashMap<>();
        Map<String, List<String>> dependents = new HashMap<>();
        for (Layer layer : named.values()) {
            missing.put(layer.name(), layer.dependsOn().size());
            for (String dependency : layer.dependsOn()) {
                dependents.computeIfAbsent(dependency, d -> new ArrayList<>()).add(layer.name());
            }
        }
        TreeSet<String> ready = new TreeSet<>();
        missing.forEach((name, count) -> {
            if (count == 0) {
                ready.add(name);
            }
        });
        List<Layer> result = new ArrayList<>();
        while (!ready.isEmpty()) {
            String next = ready.pollFirst();
            result.add(named.get(next));
            for (String dependent : dependents.getOrDefault(next, List.of())) {
                if (missing.merge(dependent, -1, Integer::sum) == 0) {
                    ready.add(dependent);
                }
            }
        }
        if (result.size() < named.size()) {
            Set<String> cyclic = new TreeSet<>(named.keySet());
            result.forEach(l -> cyclic.remove(l.name()));
            throw new GardenException("layer dependencies form a cycle among: " + String.join(", ", cyclic));
        }
        return result;
    }

    /** Every layer, dependencies first. */
    List<Layer> all() {
        return ordered;
    }

    /**
     * The named layers in dependency order; no names means all layers.
     *
     * @throws InputException naming the known layers when a name is unknown
     */
    List<Layer> select(List<String> names) {
        if (names == null || names.isEmpty()) {
            return ordered;
        }
        Set<String> wanted = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            if (byName.containsKey(name)) {
                wanted.add(name);
            } else {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new InputException("unknown layer" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown.stream().map(n -> "'" + n + "'").toList())
                    + "; known layers: " + String.join(", ", ordered.stream().map(Layer::name).toList()));
        }
        return ordered.stream().filter(l -> wanted.contains(l.name())).toList();
    }
}
