package org.gardenos.cli.etcd;

import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.gardenos.GardenOS;
import org.gardenos.cli.command.CommandContext;
import org.gardenos.cli.command.ExitCode;
import org.gardenos.cli.command.OutputFormat;
import org.gardenos.cli.output.Json;
import org.gardenos.cli.output.Table;
import org.gardenos.etcd.EtcdDefrag;
import org.gardenos.etcd.EtcdOperations;
import org.gardenos.inventory.Inventory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gardenos etcd defrag}: every member defragmented one at a time, the leader last, only on a healthy cluster
 * and checked healthy again after each (see {@link EtcdDefrag}).
 */
@Command(name = "defrag", description = {
        "Defragment every etcd member, one at a time, the leader last; only on a healthy cluster.",
        "Exit 0 when every member was defragmented and is healthy, 1 otherwise (stops at the first failure)."})
final class EtcdDefragCommand implements Callable<Integer> {
    private final CommandContext context;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "How long one member's defragmentation may take (default: 60).")
    int timeoutSeconds = 60;

    @Inject
    EtcdDefragCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        var timeout = TimeoutOption.seconds(timeoutSeconds);
        Inventory inventory = context.loadInventory().inventory();
        List<EtcdDefrag.Result> results;
        try (GardenOS garden = EtcdGarden.open(context, inventory, false)) {
            results = garden.get(EtcdOperations.class).defrag(timeout);
        }
        if (context.options().output() == OutputFormat.JSON) {
            context.io().out().println(Json.write(Map.of("members", results)));
        } else {
            Table table = new Table("ENDPOINT", "LEADER", "DB_BYTES_BEFORE", "DB_BYTES_AFTER");
            results.forEach(r -> table.row(r.endpoint(), r.leader() ? "yes" : "no", r.dbSizeBefore(), r.dbSizeAfter()));
            context.io().out().print(table.render());
            context.io().out().printf("defragmented %d %s, the leader last%n", results.size(),
                    results.size() == 1 ? "member" : "members");
        }
        context.io().out().flush();
        return ExitCode.OK;
    }
}
