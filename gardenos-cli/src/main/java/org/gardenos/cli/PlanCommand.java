package org.gardenos.cli;

import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import org.gardenos.GardenOS;
import org.gardenos.cli.output.PlanView;
import org.gardenos.engine.HostFailure;
import org.gardenos.engine.HostWarning;
import org.gardenos.engine.PlanReport;
import org.gardenos.inventory.Inventory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import org.gardenos.cli.command.CliIo;
import org.gardenos.cli.command.CommandContext;
import org.gardenos.cli.command.ExitCode;
import org.gardenos.cli.command.OutputFormat;

/** {@code gardenos plan [LAYER...]}: what apply would change, host by host; changes nothing on the hosts. */
@Command(name = "plan", description = {
        "Show what apply would change on each host; change nothing.",
        "Exit 0 when the plan was computed (with or without changes), 1 when checks failed on a host."})
final class PlanCommand implements Callable<Integer> {
    private final CommandContext context;

    @Mixin
    ConvergeOptions converge = new ConvergeOptions();

    @Inject
    PlanCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Inventory inventory = context.loadInventory().inventory();
        PlanReport report;
        try (GardenOS garden = context.open(inventory, converge.hostKeys.acceptNew(), converge.parallelism,
                converge.layers)) {
            report = garden.plan(converge.layerArray());
        }
        CliIo io = context.io();
        io.out().print(context.options().output() == OutputFormat.JSON
                ? PlanView.json(report) + "\n"
                : PlanView.table(report));
        io.out().flush();
        report.warnings().stream().map(HostWarning::line).forEach(w -> io.err().println("warning: " + w));
        report.failures().stream().map(HostFailure::line).forEach(f -> io.err().println("error: " + f));
        io.err().flush();
        return report.failures().isEmpty() && !report.interrupted() ? ExitCode.OK : ExitCode.FAILURE;
    }
}
