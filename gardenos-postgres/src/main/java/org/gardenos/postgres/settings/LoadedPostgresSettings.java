package org.gardenos.postgres.settings;

import java.util.List;

/** A valid {@code postgres:} section and its warnings, each one line {@code FILE:LINE:COL: postgres.key: message}. */
public record LoadedPostgresSettings(PostgresSettings settings, List<String> warnings) {
    public LoadedPostgresSettings {
        warnings = List.copyOf(warnings);
    }
}
