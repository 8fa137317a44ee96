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
import org.gardenos.etcd.EtcdOperations;
import org.gardenos.inventory.Inventory;
import picocli.CommandLine.Command;

/**
 * {@code gardenos etcd rotate-certs}: every etcd member, peer and client certificate issued again from the kept CAs
 * (see {@link EtcdOperations#rotateCertificates}); the next applies push and roll them.
 */
@Command(name = "rotate-certs", description = {
        "Issue every etcd member, peer and client certificate again (new keys, same CAs) in the state directory.",
        "Changes no host: run 'gardenos apply etcd' next (one member at a time, quorum kept), then apply the layers",
        "that use a client certificate (k3s, postgres). Exit 0 when issued, 2 without the etcd PKI."})
final class EtcdRotateCertsCommand implements Callable<Integer> {
    private final CommandContext context;

    @Inject
    EtcdRotateCertsCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Inventory inventory = context.loadInventory().inventory();
        List<String> issued;
        try (GardenOS garden = EtcdGarden.open(context, inventory, false)) {
            issued = garden.get(EtcdOperations.class).rotateCertificates();
        }
        if (context.options().output() == OutputFormat.JSON) {
            context.io().out().println(Json.write(Map.of("issued", issued)));
        } else {
            issued.forEach(i -> context.io().out().println("issued " + i));
            context.io().out().println("next: gardenos apply etcd (rolls one member at a time), then apply k3s and"
                    + " postgres for their client certificates");
        }
        context.io().out().flush();
        return ExitCode.OK;
    }
}
