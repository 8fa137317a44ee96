package org.gardenos.cli;

import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.gardenos.cli.output.Json;
import org.gardenos.inventory.Inventory;
import org.gardenos.inventory.LoadedInventory;
import picocli.CommandLine.Command;
import org.gardenos.cli.command.CommandContext;
import org.gardenos.cli.command.ExitCode;
import org.gardenos.cli.command.OutputFormat;

/**
 * {@code gardenos validate}: loads and checks the inventory, connects to nothing. Invalid input surfaces as the
 * loader's {@code InputException} (every problem, one line each, exit 2); warnings never fail it.
 */
@Command(name = "validate", description = {
        "Check the inventory without connecting to any host.",
        "Exit 0 when valid (warnings are printed on stderr), 2 when invalid (one line per problem)."})
final class ValidateCommand implements Callable<Integer> {
    private final CommandContext context;

    @Inject
    ValidateCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        LoadedInventory loaded = context.loadInventory();
        Inventory inventory = loaded.inventory();
        String file = context.options().file().toString();
        if (context.options().output() == OutputFormat.JSON) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("file", file);
            doc.put("valid", true);
            doc.put("cluster", inventory.cluster());
            doc.put("hosts", inventory.hosts().size());
            doc.put("warnings", loaded.warnings());
            context.io().out().println(Json.write(doc));
        } else {
            context.io().out().printf("%s: valid (cluster %s, %d %s, %d %s)%n", file, inventory.cluster(),
                    inventory.hosts().size(), plural(inventory.hosts().size(), "host"),
                    loaded.warnings().size(), plural(loaded.warnings().size(), "warning"));
        }
        context.io().out().flush();
        return ExitCode.OK;
    }

    private static String plural(int n, String word) {
        return n == 1 ? word : word + "s";
    }
}
