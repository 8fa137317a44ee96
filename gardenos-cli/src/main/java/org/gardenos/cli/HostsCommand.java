package org.gardenos.cli;

import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import org.gardenos.cli.output.HostsView;
import org.gardenos.inventory.Inventory;
import picocli.CommandLine.Command;
import org.gardenos.cli.command.CommandContext;
import org.gardenos.cli.command.ExitCode;
import org.gardenos.cli.command.OutputFormat;

/** {@code gardenos hosts}: the resolved inventory with the effective SSH settings; connects to nothing. */
@Command(name = "hosts", description = "List the inventory's hosts with their roles and effective SSH settings.")
final class HostsCommand implements Callable<Integer> {
    private final CommandContext context;

    @Inject
    HostsCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Inventory inventory = context.loadInventory().inventory();
        String text = context.options().output() == OutputFormat.JSON
                ? HostsView.json(inventory) + "\n"
                : HostsView.table(inventory);
        context.io().out().print(text);
        context.io().out().flush();
        return ExitCode.OK;
    }
}
