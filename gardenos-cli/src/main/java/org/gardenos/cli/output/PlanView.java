package org.gardenos.cli.output;

import org.gardenos.engine.PlanReport;
import org.gardenos.engine.PlannedChange;

/**
 * {@code gardenos plan}: one row per change apply would make, then a summary line. JSON is the report itself:
 * {@code {"changes": [{"host","layer","resource","action","detail"}]}} plus {@code failures}, {@code warnings},
 * {@code interrupted} when there is something to say.
 */
public final class PlanView {
    private PlanView() {
    }

    public static String table(PlanReport report) {
        StringBuilder sb = new StringBuilder();
        if (!report.changes().isEmpty()) {
            Table table = new Table("HOST", "LAYER", "RESOURCE", "ACTION", "DETAIL");
            for (PlannedChange c : report.changes()) {
                table.row(c.host(), c.layer(), c.resource(), c.action(), c.detail());
            }
            sb.append(table.render());
        }
        return sb.append(summary(report)).append('\n').toString();
    }

    static String summary(PlanReport report) {
        long hosts = report.changes().stream().map(PlannedChange::host).distinct().count();
        String changes = report.changes().isEmpty()
                ? "No changes"
                : report.changes().size() + " " + (report.changes().size() == 1 ? "change" : "changes")
                        + " on " + hosts + " " + (hosts == 1 ? "host" : "hosts");
        if (!report.failures().isEmpty()) {
            return changes + "; checks failed on " + report.failures().size() + " "
                    + (report.failures().size() == 1 ? "host" : "hosts") + " (see errors).";
        }
        if (report.interrupted()) {
            return changes + " found before the plan was interrupted.";
        }
        return report.changes().isEmpty() ? "No changes: every host is converged." : changes + ".";
    }

    public static String json(PlanReport report) {
        return Json.write(report);
    }
}
