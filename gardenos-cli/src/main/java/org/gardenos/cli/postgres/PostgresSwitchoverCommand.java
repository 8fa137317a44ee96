package org.gardenos.cli.postgres;

import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.gardenos.GardenOS;
import org.gardenos.cli.command.CommandContext;
import org.gardenos.cli.command.YesOption;
import org.gardenos.cli.command.Confirmation;
import org.gardenos.cli.command.ExitCode;
import org.gardenos.engine.RunOptions;
import org.gardenos.inventory.Inventory;
import org.gardenos.postgres.ops.PostgresOperations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gardenos postgres switchover [--to MEMBER] [--yes]}: Patroni's switchover, confirmed first. */
@Command(name = "switchover", description = {
        "Hand the leader role to MEMBER (or to a replica Patroni picks) by Patroni's REST API.",
        "Asks for confirmation unless --yes is given.",
        "Exit 0 when Patroni accepted it, 1 on failure or when not confirmed, 2 for bad input."})
final class PostgresSwitchoverCommand implements Callable<Integer> {
    private final CommandContext context;
    private final Confirmation confirmation;

    @Option(names = "--to", paramLabel = "MEMBER", description = "The member to become leader, e.g. postgres-1.")
    String to;

    @Mixin
    YesOption yes = new YesOption();

    @Inject
    PostgresSwitchoverCommand(CommandContext context, Confirmation confirmation) {
        this.context = context;
        this.confirmation = confirmation;
    }

    @Override
    public Integer call() {
        Inventory inventory = context.loadInventory().inventory();
        String target;
        try (GardenOS garden = context.open(inventory, false, RunOptions.DEFAULT_PARALLELISM)) {
            String question = "Switch the PostgreSQL leader of cluster '" + inventory.cluster() + "' over to "
                    + (to == null ? "a replica" : to) + "? Clients of the primary are disconnected once.";
            if (!yes.confirmed(context, confirmation, "postgres switchover", question)) {
                return ExitCode.FAILURE;
            }
            target = garden.get(PostgresOperations.class).switchover(Optional.ofNullable(to));
        }
        context.io().out().println("switchover to " + target + " accepted by Patroni");
        context.io().out().flush();
        return ExitCode.OK;
    }
}
