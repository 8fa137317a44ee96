package org.gardenos.cli.postgres;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.gardenos.GardenOS;
import org.gardenos.cli.command.CommandContext;
import org.gardenos.cli.command.ExitCode;
import org.gardenos.engine.RunOptions;
import org.gardenos.inventory.Inventory;
import org.gardenos.postgres.debug.PostgresDebug;
import picocli.CommandLine.Command;

/** {@code gardenos postgres debug}: one archive of what a diagnosis needs; prints its path. */
@Command(name = "debug", description = {
        "Collect pods, events, claims, StorageClasses, nodes, Patroni's cluster view, each member's log (last lines)",
        "and the rendered configuration with secrets redacted into one zip archive (0600) and print its path."})
final class PostgresDebugCommand implements Callable<Integer> {
    private final CommandContext context;

    @Inject
    PostgresDebugCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Inventory inventory = context.loadInventory().inventory();
        Path archive;
        try (GardenOS garden = context.open(inventory, false, RunOptions.DEFAULT_PARALLELISM)) {
            archive = garden.get(PostgresDebug.class).collect();
        }
        context.io().out().println(archive);
        context.io().out().flush();
        return ExitCode.OK;
    }
}
