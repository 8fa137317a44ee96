package org.gardenos.cli.output;

import java.util.List;
import org.gardenos.engine.ApplyReport;
import org.gardenos.engine.HostRecap;

/**
 * The end of {@code gardenos apply}: an Ansible-like recap, one line per host with aligned counters. JSON is the
 * report itself: {@code {"changed": N, "failed": N, "hosts": [{"name","ok","changed","failed"}]}} (plus
 * {@code skipped} per host when non-zero, and {@code failures}, {@code warnings}, {@code interrupted} when set).
 */
public final class ApplyView {
    private ApplyView() {
    }

    public static String recap(ApplyReport report) {
        List<HostRecap> hosts = report.hosts();
        int width = hosts.stream().mapToInt(h -> h.name().length()).max().orElse(0);
        StringBuilder sb = new StringBuilder("RECAP\n");
        for (HostRecap h : hosts) {
            sb.append(String.format("%-" + Math.max(width, 1) + "s  ok=%-4d changed=%-4d failed=%-4d skipped=%d",
                    h.name(), h.ok(), h.changed(), h.failed(), h.skipped()).stripTrailing()).append('\n');
        }
        if (report.interrupted()) {
            sb.append("Interrupted: work in progress finished, nothing new was started.\n");
        }
        return sb.toString();
    }

    public static String json(ApplyReport report) {
        return Json.write(report);
    }
}
