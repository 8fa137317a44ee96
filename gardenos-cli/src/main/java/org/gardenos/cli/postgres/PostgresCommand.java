package org.gardenos.cli.postgres;

import picocli.CommandLine.Command;

/**
 * {@code gardenos postgres url|switchover|validate|debug|backup|migrate|restore}: day-2 operations on the inventory's
 * PostgreSQL cluster.
 */
@Command(name = "postgres",
        description = {"Day-2 operations on the inventory's PostgreSQL cluster (Patroni in K3s), with the state"
                + " directory's kubeconfig and kept passwords."},
        subcommands = {PostgresUrlCommand.class, PostgresSwitchoverCommand.class, PostgresValidateCommand.class,
                PostgresDebugCommand.class, PostgresBackupCommand.class, PostgresMigrateCommand.class,
                PostgresRestoreCommand.class})
public final class PostgresCommand {
}
