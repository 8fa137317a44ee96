package org.gardenos.cli.lb;

import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import org.gardenos.cli.command.CommandContext;
import org.gardenos.cli.command.ExitCode;
import org.gardenos.inventory.Inventory;
import org.gardenos.lb.StatsPassword;
import org.gardenos.state.StateDir;
import picocli.CommandLine.Command;

/**
 * {@code gardenos lb rotate-stats-password}: a new HAProxy stats password in the state directory; the next
 * {@code apply lb} rolls it out. The password itself is never printed (it is in the 0600 file named).
 */
@Command(name = "rotate-stats-password", description = {
        "Replace the HAProxy stats password kept in the state directory with a new generated one (mode 0600).",
        "The next 'gardenos apply lb' writes its new hash to every load balancer and reloads HAProxy (no restart).",
        "Exit 0 on success, 1 when no password is kept in this state directory, 2 for bad input."})
final class LbRotateStatsPasswordCommand implements Callable<Integer> {
    private final CommandContext context;

    @Inject
    LbRotateStatsPasswordCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Inventory inventory = context.loadInventory().inventory();
        StateDir state = StateDir.open(context.stateDir(inventory.cluster()));
        StatsPassword.rotate(state);
        context.io().out().printf("new stats password kept in %s (mode 0600); run 'gardenos apply lb' to roll it"
                + " out%n", state.resolve(StatsPassword.STATE_FILE));
        context.io().out().flush();
        return ExitCode.OK;
    }
}
