package org.gardenos.postgres.backup;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of a {@code pg_dumpall --globals-only} script a target may run: roles the target does not have yet
 * ({@code CREATE ROLE} and that role's {@code ALTER ROLE}, with its password hash) and role memberships
 * ({@code GRANT}). A role the target already has is left alone: above all the cluster's own superuser and
 * replication users, whose passwords Patroni depends on. Everything else (SET lines, comments, tablespaces) is
 * dropped.
 */
public final class GlobalsFilter {
    private static final Pattern ROLE_STATEMENT =
            Pattern.compile("^(CREATE|ALTER) ROLE (\"(?:[^\"]|\"\")+\"|[a-z_][a-z0-9_$]*)[ ;].*");

    private GlobalsFilter() {
    }

    /** The statements of {@code script} to run on a target whose roles are {@code existing}. */
    public static Result filter(String script, Set<String> existing) {
        List<String> kept = new ArrayList<>();
        List<String> created = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (String line : script.split("\n")) {
            Matcher m = ROLE_STATEMENT.matcher(line);
            if (m.matches()) {
                String role = unquote(m.group(2));
                if (existing.contains(role)) {
                    if (m.group(1).equals("CREATE")) {
                        skipped.add(role);
                    }
                    continue;
                }
                if (m.group(1).equals("CREATE")) {
                    created.add(role);
                }
                kept.add(line);
            } else if (line.startsWith("GRANT ") && line.endsWith(";")) {
                kept.add(line);
            }
        }
        return new Result(String.join("\n", kept) + "\n", created, skipped);
    }

    /** The script to run, the roles it creates, and the roles the target already had. */
    public record Result(String script, List<String> created, List<String> skipped) {
    }

    private static String unquote(String ident) {
        return ident.startsWith("\"") ? ident.substring(1, ident.length() - 1).replace("\"\"", "\"") : ident;
    }
}
