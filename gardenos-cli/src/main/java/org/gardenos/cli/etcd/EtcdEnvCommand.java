package org.gardenos.cli.etcd;

import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import org.gardenos.GardenOS;
import org.gardenos.cli.command.CommandContext;
import org.gardenos.cli.command.ExitCode;
import org.gardenos.cli.command.OutputFormat;
import org.gardenos.cli.output.Json;
import org.gardenos.etcd.EtcdEnvironment;
import org.gardenos.etcd.EtcdOperations;
import org.gardenos.inventory.Inventory;
import picocli.CommandLine.Command;

/**
 * {@code gardenos etcd env}: shell exports for {@code etcdctl} ({@code eval "$(gardenos etcd env)"}). Only paths
 * into the state directory are printed, never key material. Connects to nothing.
 */
@Command(name = "env", description = {
        "Print shell exports that point etcdctl at the cluster: eval \"$(gardenos etcd env)\".",
        "Only certificate and key paths are printed, never key material. Connects to nothing."})
final class EtcdEnvCommand implements Callable<Integer> {
    private final CommandContext context;

    @Inject
    EtcdEnvCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Inventory inventory = context.loadInventory().inventory();
        EtcdEnvironment env;
        try (GardenOS garden = EtcdGarden.open(context, inventory, false)) {
            env = garden.get(EtcdOperations.class).env();
        }
        if (context.options().output() == OutputFormat.JSON) {
            context.io().out().println(Json.write(env.variables()));
        } else {
            context.io().out().print(env.shellExports());
        }
        context.io().out().flush();
        return ExitCode.OK;
    }
}
