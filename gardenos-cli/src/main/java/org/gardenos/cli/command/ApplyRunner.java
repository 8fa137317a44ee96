package org.gardenos.cli.command;

import java.io.PrintWriter;
import java.util.List;
import org.gardenos.GardenOS;
import org.gardenos.cli.output.ApplyProgress;
import org.gardenos.cli.output.ApplyView;
import org.gardenos.engine.ApplyReport;
import org.gardenos.engine.HostFailure;
import org.gardenos.engine.HostWarning;
import org.gardenos.inventory.Inventory;

/**
 * One apply with the CLI's output: progress lines as resources finish, the recap (or the JSON report), then
 * warnings and failures on stderr. Used by {@code apply} and {@code sandbox up}.
 */
public final class ApplyRunner {
    private ApplyRunner() {
    }

    /** @return {@link ExitCode#OK} when every host converged, {@link ExitCode#FAILURE} otherwise */
    public static int apply(CommandContext context, Inventory inventory, boolean acceptNewHostKeys, int parallelism,
                            String... layers) {
        CliIo io = context.io();
        boolean json = context.options().output() == OutputFormat.JSON;
        // progress is for people: on stdout beside the table, on stderr when stdout must stay pure JSON
        PrintWriter progress = json ? io.err() : io.out();
        ApplyReport report;
        try (GardenOS garden = context.open(inventory, acceptNewHostKeys, parallelism, List.of(layers));
             InterruptOnShutdown guard = InterruptOnShutdown.install()) {
            report = garden.apply(new ApplyProgress(progress), layers);
            io.out().print(json ? ApplyView.json(report) + "\n" : ApplyView.recap(report));
            io.out().flush();
            report.warnings().stream().map(HostWarning::line).forEach(w -> io.err().println("warning: " + w));
            report.failures().stream().map(HostFailure::line).forEach(f -> io.err().println("error: " + f));
            io.err().flush();
        }
        boolean ok = report.failed() == 0 && report.failures().isEmpty() && !report.interrupted();
        return ok ? ExitCode.OK : ExitCode.FAILURE;
    }
}
