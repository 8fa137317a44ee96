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
import picocli.CommandLine.Parameters;

/**
 * {@code gardenos status [LAYER...]}: each layer's health as its status probe sees it (hosts over SSH, etcd over
 * its client API, K3s through the Kubernetes API); changes nothing. Host keys are verified strictly.
 */
@Command(name = "status", description = {
        "Show the health of the layers (none named: every layer with a status); change nothing.",
        "Exit 0 when every layer shown is HEALTHY, 1 when one is DEGRADED or DOWN, 2 for an unknown layer."})
final class StatusCommand implements Callable<Integer> {
    private final CommandContext context;

    @Parameters(paramLabel = "LAYER", arity = "0..*",
            description = "Layers to probe (base, etcd, lb, k3s, ...). None: every layer with a status.")
    List<String> layers = new ArrayList<>();

    @Inject
    StatusCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Inventory inventory = context.loadInventory().inventory();
        List<StatusReport> reports;
        try (GardenOS garden = context.open(inventory, false, RunOptions.DEFAULT_PARALLELISM)) {
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
