package org.gardenos.cli.output;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Aligned columns for people: a header row, then one row per item, columns separated by two spaces, no trailing
 * blanks. Cells are single-line: line breaks and tabs in a value become spaces so one item stays one row.
 */
public final class Table {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... headers) {
        this.headers = List.of(headers);
    }

    public Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + headers.size() + " columns");
        }
        rows.add(Arrays.stream(cells).map(Table::cell).toList());
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public String render() {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = headers.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, headers, widths);
        for (List<String> row : rows) {
            line(sb, row, widths);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                line.append("  ");
            }
            line.append(cells.get(c));
            if (c < cells.size() - 1) {
                line.append(" ".repeat(widths[c] - cells.get(c).length()));
            }
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }

    private static String cell(Object value) {
        if (value == null) {
            return "-";
        }
        String s = value.toString().replaceAll("[\\r\\n\\t]+", " ").strip();
        return s.isEmpty() ? "-" : s;
    }
}
