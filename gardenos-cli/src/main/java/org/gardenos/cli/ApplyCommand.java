package org.gardenos.cli;

import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import org.gardenos.inventory.Inventory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import org.gardenos.cli.command.CommandContext;
import org.gardenos.cli.command.ApplyRunner;

/**
 * {@code gardenos apply [LAYER...]}: converges the hosts, printing a line per resource as it finishes, then a recap
 * per host. Ctrl-C stops starting new work; what runs finishes and the recap still prints.
 */
@Command(name = "apply", description = {
        "Bring every host to the state the inventory describes, then print a recap per host.",
        "Exit 0 when every host converged, 1 when a host failed or the run was interrupted."})
final class ApplyCommand implements Callable<Integer> {
    private final CommandContext context;

    @Mixin
    ConvergeOptions converge = new ConvergeOptions();

    @Inject
    ApplyCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Inventory inventory = context.loadInventory().inventory();
        return ApplyRunner.apply(context, inventory, converge.hostKeys.acceptNew(), converge.parallelism,
                converge.layerArray());
    }
}
