package org.gardenos.cli.k3s;

import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.gardenos.GardenOS;
import org.gardenos.cli.command.CommandContext;
import org.gardenos.cli.command.YesOption;
import org.gardenos.cli.command.Confirmation;
import org.gardenos.cli.command.ExitCode;
import org.gardenos.cli.command.HostKeyOption;
import org.gardenos.cli.command.OutputFormat;
import org.gardenos.cli.output.Json;
import org.gardenos.engine.RunOptions;
import org.gardenos.inventory.Inventory;
import org.gardenos.k3s.K3sTokenRotation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gardenos k3s rotate-token}: {@code k3s token rotate} on the first server, the new token kept in the state
 * directory ({@link K3sTokenRotation}); the next {@code apply k3s} restarts the servers with it. Never prints a token.
 */
@Command(name = "rotate-token", description = {
        "Rotate the K3s server token: 'k3s token rotate' on the first server (K3s generates the new token and"
                + " re-encrypts its bootstrap data with it), the new token kept in the state directory (mode 0600),"
                + " the old one kept aside for restores of older snapshots.",
        "Run 'gardenos apply k3s' right after: it restarts the servers one at a time with the new token (until"
                + " then a server that restarts cannot start). Agents use the agent token and are not touched.",
        "With --agent: a new agent token in the state directory instead (no host changes); the next 'gardenos apply"
                + " k3s' restarts the servers, then the agents, with it.",
        "Asks for confirmation unless --yes is given (not with --agent, which changes no host).",
        "Exit 0 when rotated, 1 on failure, when not confirmed or when this state directory keeps no token,"
                + " 2 for bad input (no server in the inventory; no console and no --yes)."})
final class K3sRotateTokenCommand implements Callable<Integer> {
    private final CommandContext context;
    private final Confirmation confirmation;

    @Mixin
    YesOption yes = new YesOption();

    @Option(names = "--agent", description = "Rotate the agent token (kept in the state directory) instead.")
    boolean agent;

    @Mixin
    HostKeyOption hostKeys = new HostKeyOption();

    @Inject
    K3sRotateTokenCommand(CommandContext context, Confirmation confirmation) {
        this.context = context;
        this.confirmation = confirmation;
    }

    @Override
    public Integer call() {
        Inventory inventory = context.loadInventory().inventory();
        // before the state dir is opened (opening creates it): a wrong --state-dir must leave nothing behind
        K3sTokenRotation.checkRotatable(inventory, context.stateDir(inventory.cluster()));
        if (agent) {
            return rotateAgentToken(inventory);
        }
        String question = "Rotate the K3s server token of cluster '" + inventory.cluster() + "'? K3s switches at"
                + " once; run 'gardenos apply k3s' right after, so the servers restart with the new token.";
        if (!yes.confirmed(context, confirmation, "k3s rotate-token", question)) {
            return ExitCode.FAILURE;
        }
        K3sTokenRotation.Rotated rotated;
        try (GardenOS garden = context.open(inventory, hostKeys.acceptNew(), RunOptions.DEFAULT_PARALLELISM)) {
            rotated = garden.get(K3sTokenRotation.class).rotateServerToken();
        }
        if (context.options().output() == OutputFormat.JSON) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("rotatedOn", rotated.server());
            doc.put("tokenFile", rotated.tokenFile().toString());
            doc.put("previousTokenFile", rotated.previousTokenFile().toString());
            context.io().out().println(Json.write(doc));
        } else {
            context.io().out().printf("rotated the K3s server token on %s; the new token is in %s (mode 0600), the"
                    + " old one in %s%nnext: gardenos apply k3s (restarts the servers one at a time with the new"
                    + " token)%n", rotated.server(), rotated.tokenFile(), rotated.previousTokenFile());
        }
        context.io().out().flush();
        return ExitCode.OK;
    }

    private int rotateAgentToken(Inventory inventory) {
        java.nio.file.Path file;
        try (GardenOS garden = context.open(inventory, hostKeys.acceptNew(), RunOptions.DEFAULT_PARALLELISM)) {
            file = garden.get(K3sTokenRotation.class).rotateAgentToken();
        }
        if (context.options().output() == OutputFormat.JSON) {
            context.io().out().println(Json.write(Map.of("agentTokenFile", file.toString())));
        } else {
            context.io().out().printf("new K3s agent token kept in %s (mode 0600); next: gardenos apply k3s (restarts"
                    + " the servers one at a time, then the agents, with it)%n", file);
        }
        context.io().out().flush();
        return ExitCode.OK;
    }
}
