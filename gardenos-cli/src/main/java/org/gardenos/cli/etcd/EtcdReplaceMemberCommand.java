package org.gardenos.cli.etcd;

import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import org.gardenos.GardenOS;
import org.gardenos.cli.command.CommandContext;
import org.gardenos.cli.command.HostKeyOption;
import org.gardenos.cli.command.YesOption;
import org.gardenos.cli.command.Confirmation;
import org.gardenos.cli.command.ExitCode;
import org.gardenos.cli.command.OutputFormat;
import org.gardenos.etcd.EtcdOperations;
import org.gardenos.etcd.status.EtcdClusterStatus;
import org.gardenos.inventory.Inventory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gardenos etcd replace-member NAME}: removes the member, sets its data aside, adds it back and waits until
 * it has caught up. NAME is checked against the inventory and the person asked before anything is touched.
 */
@Command(name = "replace-member", description = {
        "Replace one etcd member in place (wiped disk, corrupted data): remove it, set its data aside, add it back"
                + " empty and wait until it has caught up. Refused when the other members hold no quorum.",
        "Asks for confirmation unless --yes is given.",
        "Exit 0 when the member is healthy again, 1 on failure or when not confirmed, 2 for bad input"
                + " (NAME not an etcd host; no console and no --yes)."})
final class EtcdReplaceMemberCommand implements Callable<Integer> {
    private final CommandContext context;
    private final Confirmation confirmation;

    @Parameters(paramLabel = "NAME", description = "The inventory name of an etcd host.")
    String name;

    @Mixin
    YesOption yes = new YesOption();

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "How long to wait for the member to be healthy again (default: 300).")
    int timeoutSeconds = 300;

    @Mixin
    HostKeyOption hostKeys = new HostKeyOption();

    @Inject
    EtcdReplaceMemberCommand(CommandContext context, Confirmation confirmation) {
        this.context = context;
        this.confirmation = confirmation;
    }

    @Override
    public Integer call() {
        var timeout = TimeoutOption.seconds(timeoutSeconds);
        Inventory inventory = context.loadInventory().inventory();
        EtcdClusterStatus status;
        try (GardenOS garden = EtcdGarden.open(context, inventory, hostKeys.acceptNew())) {
            EtcdOperations etcd = garden.get(EtcdOperations.class);
            etcd.member(name);
            String question = "Replace etcd member '" + name + "' of cluster '" + inventory.cluster()
                    + "'? Its data is set aside and it rejoins empty, catching up from the other members.";
            if (!yes.confirmed(context, confirmation, "etcd replace-member", question)) {
                return ExitCode.FAILURE;
            }
            status = etcd.replaceMember(name, timeout);
        }
        context.io().out().print(context.options().output() == OutputFormat.JSON
                ? EtcdClusterView.json(status) + "\n"
                : "replaced " + name + "\n" + EtcdClusterView.table(status));
        context.io().out().flush();
        return ExitCode.OK;
    }
}
