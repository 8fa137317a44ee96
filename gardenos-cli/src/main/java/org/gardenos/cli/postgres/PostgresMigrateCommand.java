package org.gardenos.cli.postgres;

import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.gardenos.GardenOS;
import org.gardenos.cli.command.CommandContext;
import org.gardenos.cli.command.YesOption;
import org.gardenos.cli.command.Confirmation;
import org.gardenos.cli.command.ExitCode;
import org.gardenos.engine.RunOptions;
import org.gardenos.inventory.Inventory;
import org.gardenos.postgres.backup.DatabaseState;
import org.gardenos.postgres.backup.MigrationOptions;
import org.gardenos.postgres.backup.MigrationReport;
import org.gardenos.postgres.backup.PostgresBackups;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gardenos postgres migrate BACKUP [--dry-run] [--replace] [--yes] [--into-database NAME]}: a backup
 * restored into the cluster's primary and compared with its manifest, table by table. {@code restore} is the same
 * path with --replace implied.
 */
@Command(name = "migrate", description = {
        "Restore BACKUP into the cluster's primary (or --to-url) and compare every table's rows and checksum, every",
        "sequence and extension with the backup's manifest. Refused before anything changes when the backup's sha256",
        "differs, the target is a replica or older, or a target database is not empty (unless --replace).",
        "Exit 0 only when everything matches; 1 on a failure or a difference (named), 2 for bad input."})
class PostgresMigrateCommand implements Callable<Integer> {
    private final CommandContext context;
    private final Confirmation confirmation;

    @Parameters(index = "0", paramLabel = "BACKUP", description = "The backup's .tar (its manifest beside it).")
    Path backup;

    @Option(names = "--dry-run", description = "Check and print what would be created and copied; change nothing.")
    boolean dryRun;

    @Option(names = "--replace", description = "Drop and re-create target databases that are not empty (asks first).")
    boolean replace;

    @Mixin
    YesOption yes = new YesOption();

    @Option(names = "--database", paramLabel = "NAME", description = "Restore only this database (repeatable).")
    List<String> databases = new ArrayList<>();

    @Option(names = "--to-url", paramLabel = "URL", description = "Restore into this server instead of the cluster.")
    String toUrl;

    @Option(names = "--into-database", paramLabel = "NAME", description = {
            "Restore the one chosen database under this name (e.g. Supabase's 'postgres' into 'supabase', since the",
            "cluster's own 'postgres' is taken); compared with the backup under the new name."})
    String intoDatabase;

    @Inject
    PostgresMigrateCommand(CommandContext context, Confirmation confirmation) {
        this.context = context;
        this.confirmation = confirmation;
    }

    String commandName() {
        return "postgres migrate";
    }

    boolean replacing() {
        return replace;
    }

    @Override
    public Integer call() {
        MigrationOptions options = new MigrationOptions(databases, dryRun, replacing(), Optional.ofNullable(intoDatabase));
        Inventory inventory = context.loadInventory().inventory();
        MigrationReport report;
        try (GardenOS garden = context.open(inventory, false, RunOptions.DEFAULT_PARALLELISM)) {
            PostgresBackups backups = garden.get(PostgresBackups.class);
            String where = backups.targetDescription(Optional.ofNullable(toUrl));
            if (!dryRun && replacing() && !yes.confirmed(context, confirmation, commandName(),
                    "Restore " + backup.getFileName() + " into " + where + ", dropping and re-creating its target"
                            + " databases that are not empty?")) {
                return ExitCode.FAILURE;
            }
            report = backups.migrate(backup, Optional.ofNullable(toUrl), options);
        }
        return print(report, context.io().out());
    }

    private static int print(MigrationReport report, PrintWriter out) {
        report.plan().forEach(l -> out.println((report.dryRun() ? "would: " : "plan: ") + l));
        if (report.dryRun()) {
            out.println("dry run: nothing was changed");
            out.flush();
            return ExitCode.OK;
        }
        for (DatabaseState db : report.restored()) {
            db.tables().forEach(t -> out.printf("%s  %-40s %10d rows  md5 %s%n", db.name(), t.qualified(), t.rows(), t.md5()));
        }
        report.differences().forEach(d -> out.println("DIFFERENT: " + d));
        out.println(report.equal() ? "all equal: " + report.restored().stream().mapToInt(d -> d.tables().size()).sum()
                + " tables, " + report.restored().stream().mapToLong(DatabaseState::rows).sum() + " rows, in "
                + report.took().toSeconds() + " s" : report.differences().size() + " differences: the restore is NOT equal to the backup");
        out.flush();
        return report.equal() ? ExitCode.OK : ExitCode.FAILURE;
    }
}
