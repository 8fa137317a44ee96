package org.gardenos.cli.output;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gardenos.status.StatusItem;
import org.gardenos.status.StatusReport;

/**
 * {@code gardenos status}: per layer a verdict line, then its rows (a host, a member, a backend) with the layer's own
 * columns. JSON: {@code {"healthy": B, "layers": [{"layer","health","summary","items": [{"name","health","fields"}]}]}}.
 */
public final class StatusView {
    private StatusView() {
    }

    public static boolean healthy(List<StatusReport> reports) {
        return reports.stream().allMatch(StatusReport::healthy);
    }

    public static String table(List<StatusReport> reports) {
        StringBuilder sb = new StringBuilder();
        for (StatusReport report : reports) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(report.layer()).append(": ").append(report.health());
            if (report.summary() != null && !report.summary().isBlank()) {
                sb.append(" - ").append(report.summary().strip());
            }
            sb.append('\n');
            if (!report.items().isEmpty()) {
                sb.append(items(report.items()));
            }
        }
        return sb.toString();
    }

    private static String items(List<StatusItem> items) {
        Set<String> columns = new LinkedHashSet<>();
        items.forEach(i -> columns.addAll(i.fields().keySet()));
        String[] headers = new String[columns.size() + 2];
        headers[0] = "NAME";
        headers[1] = "HEALTH";
        int c = 2;
        for (String column : columns) {
            headers[c++] = column.toUpperCase(java.util.Locale.ROOT);
        }
        Table table = new Table(headers);
        for (StatusItem item : items) {
            Object[] cells = new Object[headers.length];
            cells[0] = item.name();
            cells[1] = item.health();
            int i = 2;
            for (String column : columns) {
                cells[i++] = item.fields().get(column);
            }
            table.row(cells);
        }
        return table.render().lines().map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n");
    }

    public static String json(List<StatusReport> reports) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("healthy", healthy(reports));
        doc.put("layers", reports.stream().map(StatusView::layer).toList());
        return Json.write(doc);
    }

    private static Map<String, Object> layer(StatusReport report) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("layer", report.layer());
        l.put("health", report.health());
        l.put("summary", report.summary());
        l.put("items", report.items().stream().map(i -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", i.name());
            item.put("health", i.health());
            item.put("fields", i.fields());
            return item;
        }).toList());
        return l;
    }
}
