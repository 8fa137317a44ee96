package org.gardenos.cli.output;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.gardenos.status.StatusItem;
import org.gardenos.status.StatusReport;

/**
 * {@code gardenos status}: per layer a heading {@code LAYER: HEALTH — summary}, then a table of its items (NAME,
 * HEALTH, then every field key in the order the layer first reported it; a field an item lacks shows {@code -}).
 * JSON: {@code {"healthy": bool, "layers": [{"layer","health","summary","items": [{"name","health", ...fields}]}]}}.
 */
public final class StatusView {
    private StatusView() {
    }

    /** Only {@code HEALTHY} in every report counts as healthy (an empty list is not a verdict either way: true). */
    public static boolean healthy(List<StatusReport> reports) {
        return reports.stream().allMatch(StatusReport::healthy);
    }

    public static String table(List<StatusReport> reports) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < reports.size(); i++) {
            StatusReport r = reports.get(i);
            if (i > 0) {
                sb.append('\n');
            }
            sb.append(r.layer()).append(": ").append(r.health()).append(" \u2014 ")
                    .append(r.summary() == null ? "" : r.summary().replaceAll("[\\r\\n\\t]+", " ").strip())
                    .append('\n');
            if (!r.items().isEmpty()) {
                sb.append(items(r.items()).render());
            }
        }
        return sb.toString();
    }

    private static Table items(List<StatusItem> items) {
        Set<String> keys = new LinkedHashSet<>();
        items.forEach(i -> keys.addAll(i.fields().keySet()));
        List<String> headers = new ArrayList<>(List.of("NAME", "HEALTH"));
        keys.forEach(k -> headers.add(k.toUpperCase(Locale.ROOT)));
        Table table = new Table(headers.toArray(String[]::new));
        for (StatusItem item : items) {
            List<Object> cells = new ArrayList<>(List.of(item.name(), item.health()));
            keys.forEach(k -> cells.add(item.fields().get(k)));
            table.row(cells.toArray());
        }
        return table;
    }

    public static String json(List<StatusReport> reports) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("healthy", healthy(reports));
        doc.put("layers", reports.stream().map(StatusView::layer).toList());
        return Json.write(doc);
    }

    private static Map<String, Object> layer(StatusReport r) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("layer", r.layer());
        l.put("health", r.health().name());
        l.put("summary", r.summary());
        l.put("items", r.items().stream().map(StatusView::item).toList());
        return l;
    }

    private static Map<String, Object> item(StatusItem i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", i.name());
        m.put("health", i.health().name());
        // a field named like the two fixed keys cannot replace them
        i.fields().forEach(m::putIfAbsent);
        return m;
    }
}
