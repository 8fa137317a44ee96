package org.gardenos.lb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses HAProxy's CSV statistics (the stats page's {@code ;csv} form, same columns as {@code show stat}) into
 * one record per backend server. Columns are found by the header's names, not positions, because HAProxy
 * versions append columns.
 */
public final class HaproxyStatsCsv {
    private HaproxyStatsCsv() {
    }

    public static List<BackendServerStatus> parse(String csv) {
        String[] lines = csv.split("\r?\n");
        if (lines.length == 0 || !lines[0].startsWith("# ")) {
            throw new IllegalArgumentException("not HAProxy CSV stats: the first line is not a '# pxname,...' header");
        }
        List<String> header = split(lines[0].substring(2));
        Map<String, Integer> column = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            column.put(header.get(i).strip(), i);
        }
        for (String required : List.of("pxname", "svname", "status")) {
            if (!column.containsKey(required)) {
                throw new IllegalArgumentException("HAProxy CSV stats lack the '" + required + "' column");
            }
        }
        List<BackendServerStatus> servers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            List<String> row = split(lines[i]);
            String server = field(row, column, "svname");
            if (server.equals("FRONTEND") || server.equals("BACKEND")) {
                continue;  // aggregate lines, not servers
            }
            String status = field(row, column, "status");
            String lastChange = field(row, column, "lastchg");
            servers.add(new BackendServerStatus(field(row, column, "pxname"), server, status,
                    ServerState.fromStats(status), lastCheck(field(row, column, "check_status")),
                    lastChange.isEmpty() ? -1 : Long.parseLong(lastChange)));
        }
        return List.copyOf(servers);
    }

    /**
     * HAProxy prefixes {@code check_status} with {@code "* "} while a check is running; the value after it is still
     * the last completed check's result. With short check intervals a status read often lands inside a check, and
     * keeping the marker made a healthy server look unhealthy.
     */
    static String lastCheck(String checkStatus) {
        return checkStatus.startsWith("* ") ? checkStatus.substring(2) : checkStatus;
    }

    private static String field(List<String> row, Map<String, Integer> column, String name) {
        Integer i = column.get(name);
        return i == null || i >= row.size() ? "" : row.get(i);
    }

    /** Splits one CSV line; HAProxy quotes a field with double quotes when it holds a comma or quote. */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
