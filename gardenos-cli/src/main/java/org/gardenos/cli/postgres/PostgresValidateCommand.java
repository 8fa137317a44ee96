package org.gardenos.cli.postgres;

import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.Callable;
import org.gardenos.GardenOS;
import org.gardenos.cli.command.CommandContext;
import org.gardenos.cli.command.ExitCode;
import org.gardenos.engine.RunOptions;
import org.gardenos.inventory.Inventory;
import org.gardenos.postgres.validate.Check;
import org.gardenos.postgres.validate.PostgresValidation;
import picocli.CommandLine.Command;

/** {@code gardenos postgres validate}: one line per check, exit 1 when any fails. */
@Command(name = "validate", description = {
        "Check the PostgreSQL cluster end to end: claims bound, Patroni healthy, the scope's keys in etcd, SSL on,",
        "plain connections refused, a row written through the primary port read back through the replica port,",
        "the replica port read-only, pg_hba as rendered. Needs this machine's psql (postgresql-client).",
        "One line per check; exit 0 when all pass, 1 when any fails, 2 for bad input."})
final class PostgresValidateCommand implements Callable<Integer> {
    private final CommandContext context;

    @Inject
    PostgresValidateCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Inventory inventory = context.loadInventory().inventory();
        List<Check> checks;
        try (GardenOS garden = context.open(inventory, false, RunOptions.DEFAULT_PARALLELISM)) {
            checks = garden.get(PostgresValidation.class).run();
        }
        checks.forEach(c -> context.io().out().println(c.line()));
        context.io().out().flush();
        return checks.stream().allMatch(Check::ok) ? ExitCode.OK : ExitCode.FAILURE;
    }
}
