package org.gardenos.postgres.settings;

import java.util.List;

/** Test view of a loaded inventory: the postgres settings and the warnings about the postgres section only. */
public record LoadedPostgresSettings(PostgresSettings settings, List<String> warnings) {
    public LoadedPostgresSettings {
        warnings = List.copyOf(warnings);
    }
}
