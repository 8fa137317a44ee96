package org.gardenos.cli.postgres;

import jakarta.inject.Inject;
import org.gardenos.cli.command.CommandContext;
import org.gardenos.cli.command.Confirmation;
import picocli.CommandLine.Command;

/**
 * {@code gardenos postgres restore BACKUP --yes}: the migrate path for the cluster's own backups (disaster recovery),
 * with --replace implied: databases of the backup that exist and are not empty are dropped and re-created (never
 * {@code postgres}), after confirmation.
 */
@Command(name = "restore", description = {
        "Restore one of the cluster's own backups into its primary (databases that are not empty are dropped and",
        "re-created; never 'postgres'), then compare every table with the manifest. Asks unless --yes.",
        "Exit 0 only when everything matches; 1 on a failure or difference, 2 for bad input."})
final class PostgresRestoreCommand extends PostgresMigrateCommand {
    @Inject
    PostgresRestoreCommand(CommandContext context, Confirmation confirmation) {
        super(context, confirmation);
    }

    @Override
    String commandName() {
        return "postgres restore";
    }

    @Override
    boolean replacing() {
        return true;
    }
}
