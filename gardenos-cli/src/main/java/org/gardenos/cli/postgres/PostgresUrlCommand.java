package org.gardenos.cli.postgres;

import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.gardenos.GardenOS;
import org.gardenos.cli.command.CommandContext;
import org.gardenos.cli.command.ExitCode;
import org.gardenos.engine.RunOptions;
import org.gardenos.inventory.Inventory;
import org.gardenos.postgres.ops.PostgresOperations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gardenos postgres url [--replica] [--user NAME] [--show-password]}: prints a URL through the load balancer. */
@Command(name = "url", description = {
        "Print a connection URL through the load balancer (primary port, or the replica port with --replica).",
        "The password is printed only with --show-password. Exit 2 for bad input (unknown user, no postgres section)."})
final class PostgresUrlCommand implements Callable<Integer> {
    private final CommandContext context;

    @Option(names = "--replica", description = "Connect through the replica port (read-only).")
    boolean replica;

    @Option(names = "--user", paramLabel = "NAME", description = "Login (default: postgres).")
    String user;

    @Option(names = "--show-password", description = "Put the kept password in the URL.")
    boolean showPassword;

    @Inject
    PostgresUrlCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Inventory inventory = context.loadInventory().inventory();
        String url;
        try (GardenOS garden = context.open(inventory, false, RunOptions.DEFAULT_PARALLELISM)) {
            url = garden.get(PostgresOperations.class).url(replica, Optional.ofNullable(user), showPassword);
        }
        context.io().out().println(url);
        context.io().out().flush();
        return ExitCode.OK;
    }
}
