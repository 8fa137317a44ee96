package org.gardenos.postgres.backup;

import java.time.Duration;
import java.util.List;

/**
 * What a restore did and found: the plan's lines (what is or would be created and copied), the restored databases
 * as measured on the target, and every difference from the manifest (empty: all equal). {@code dryRun}: nothing
 * was changed.
 */
public record MigrationReport(boolean dryRun, List<String> plan, List<DatabaseState> restored, List<String> differences,
                              Duration took) {
    public MigrationReport {
        plan = List.copyOf(plan);
        restored = List.copyOf(restored);
        differences = List.copyOf(differences);
    }

    public boolean equal() {
        return differences.isEmpty();
    }
}
