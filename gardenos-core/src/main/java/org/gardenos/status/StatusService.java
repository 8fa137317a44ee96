package org.gardenos.status;

import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.gardenos.error.InputException;

/** Runs the status probes of the requested layers (none: all) at the same time. */
public final class StatusService {
    private final Map<String, LayerStatus> byLayer = new TreeMap<>();

    @Inject
    public StatusService(Set<LayerStatus> statuses) {
        for (LayerStatus status : statuses) {
            byLayer.put(status.layer(), status);
        }
    }

    public List<String> layers() {
        return List.copyOf(byLayer.keySet());
    }

    public List<StatusReport> probe(List<String> layers) {
        List<LayerStatus> selected = new ArrayList<>();
        if (layers.isEmpty()) {
            selected.addAll(byLayer.values());
        } else {
            for (String name : layers) {
                LayerStatus status = byLayer.get(name);
                if (status == null) {
                    throw new InputException("unknown layer '" + name + "' for status; layers with a status: "
                            + String.join(", ", byLayer.keySet()));
                }
                selected.add(status);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, selected.size()));
        try {
            List<CompletableFuture<StatusReport>> futures = selected.stream()
                    .map(s -> CompletableFuture.supplyAsync(s::probe, pool)).toList();
            List<StatusReport> reports = new ArrayList<>(futures.stream().map(CompletableFuture::join).toList());
            reports.sort(Comparator.comparingInt(r -> order(layers, r.layer())));
            return List.copyOf(reports);
        } finally {
            pool.shutdownNow();
        }
    }

    private static int order(List<String> requested, String layer) {
        int i = requested.indexOf(layer);
        return i >= 0 ? i : 0;
    }
}
