package org.gardenos.cli;

import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.gardenos.GardenOS;
import org.gardenos.cli.output.StatusView;
import org.gardenos.engine.RunOptions;
import org.gardenos.inventory.Inventory;
import org.gardenos.status.StatusReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.gardenos.cli.command.CliIo;
import org.gardenos.cli.command.CommandContext;
import org.gardenos.cli.command.ExitCode;
import org.gardenos.cli.command.OutputFormat;
import org.gardenos.cli.command.HostKeyOption;

/** {@code gardenos status [LAYER...]}: what each layer's status probe says; changes nothing. */
@Command(name = "status", description = {
        "Show the health of each layer (HEALTHY, DEGRADED, DOWN) and the rows behind it; change nothing.",
        "Exit 0 only when every layer asked for is HEALTHY, 1 otherwise."})
final class StatusCommand implements Callable<Integer> {
    private final CommandContext context;

    @Parameters(paramLabel = "LAYER", arity = "0..*", description = "Layers to ask (default: every layer with a status).")
    List<String> layers = new ArrayList<>();

    @Mixin
    HostKeyOption hostKeys = new HostKeyOption();

    @Inject
    StatusCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Inventory inventory = context.loadInventory().inventory();
        List<StatusReport> reports;
        try (GardenOS garden = context.open(inventory, hostKeys.acceptNew(), RunOptions.DEFAULT_PARALLELISM, layers)) {
            reports = garden.status(layers.toArray(String[]::new));
        }
        CliIo io = context.io();
        io.out().print(context.options().output() == OutputFormat.JSON
                ? StatusView.json(reports) + "\n"
                : StatusView.table(reports));
        io.out().flush();
        return StatusView.healthy(reports) ? ExitCode.OK : ExitCode.FAILURE;
    }
}
