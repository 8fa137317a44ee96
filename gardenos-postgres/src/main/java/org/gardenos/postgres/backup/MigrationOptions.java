package org.gardenos.postgres.backup;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.gardenos.error.InputException;

/**
 * How a backup is restored: {@code databases} to restore (empty: all in the backup); {@code dryRun} checks and
 * prints, changes nothing; {@code replace} drops and re-creates target databases that are not empty (never
 * {@code postgres}, which the cluster's own management connects to); {@code intoDatabase} restores the one chosen
 * database under another name (Supabase's {@code postgres} into a cluster whose own {@code postgres} is taken).
 */
public record MigrationOptions(List<String> databases, boolean dryRun, boolean replace, Optional<String> intoDatabase) {
    /** A name that needs no quoting surprises: what PostgreSQL accepts unquoted, plus '-' and '$', at most 63. */
    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$-]{0,62}");

    public MigrationOptions {
        databases = List.copyOf(databases);
        intoDatabase.ifPresent(MigrationOptions::requireDatabaseName);
    }

    public MigrationOptions(List<String> databases, boolean dryRun, boolean replace) {
        this(databases, dryRun, replace, Optional.empty());
    }

    /** The database {@code source} (a database of the backup) is restored into. */
    String targetOf(String source) {
        return intoDatabase.orElse(source);
    }

    private static void requireDatabaseName(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new InputException("--into-database: '" + Bounded.line(name) + "' is not a database name (letters,"
                    + " digits, '_', '$', '-'; starting with a letter or '_'; at most 63 characters)");
        }
        if (name.equals("template0") || name.equals("template1")) {
            throw new InputException("--into-database: '" + name + "' is a template database; name another");
        }
    }
}
