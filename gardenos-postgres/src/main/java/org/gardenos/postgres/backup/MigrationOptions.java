package org.gardenos.postgres.backup;

import java.util.List;

/**
 * How a backup is restored: {@code databases} to restore (empty: all in the backup); {@code dryRun} checks and
 * prints, changes nothing; {@code replace} drops and re-creates target databases that are not empty (never
 * {@code postgres}, which the cluster's own management connects to).
 */
public record MigrationOptions(List<String> databases, boolean dryRun, boolean replace) {
    public MigrationOptions {
        databases = List.copyOf(databases);
    }
}
