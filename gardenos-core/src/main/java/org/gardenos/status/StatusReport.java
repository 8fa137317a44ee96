package org.gardenos.status;

import java.util.List;

/** What one layer says about its health: a verdict, a one-line summary and the rows behind it. */
public record StatusReport(String layer, Health health, String summary, List<StatusItem> items) {
    public StatusReport {
        items = List.copyOf(items);
    }

    public boolean healthy() {
        return health == Health.HEALTHY;
    }
}
