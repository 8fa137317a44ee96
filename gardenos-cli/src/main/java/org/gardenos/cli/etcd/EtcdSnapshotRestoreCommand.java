package org.gardenos.cli.etcd;

import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.gardenos.GardenOS;
import org.gardenos.error.InputException;
import org.gardenos.cli.command.CommandContext;
import org.gardenos.cli.command.HostKeyOption;
import org.gardenos.cli.command.YesOption;
import org.gardenos.cli.command.Confirmation;
import org.gardenos.cli.command.ExitCode;
import org.gardenos.cli.command.OutputFormat;
import org.gardenos.etcd.EtcdSnapshotFile;
import org.gardenos.etcd.EtcdOperations;
import org.gardenos.etcd.status.EtcdClusterStatus;
import org.gardenos.inventory.Inventory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gardenos etcd snapshot restore FILE}: every member rebuilt from the snapshot as a new cluster. The file is
 * verified and the person asked before any host is touched; without a console {@code --yes} is required.
 */
@Command(name = "restore", description = {
        "Rebuild every etcd member from the snapshot FILE (a new cluster; each member's old data is kept aside).",
        "Writes since the snapshot are lost: asks for confirmation unless --yes is given.",
        "Exit 0 when the restored cluster is healthy, 1 on failure or when not confirmed, 2 for bad input"
                + " (also: no console and no --yes)."})
final class EtcdSnapshotRestoreCommand implements Callable<Integer> {
    private final CommandContext context;
    private final Confirmation confirmation;

    @Parameters(paramLabel = "FILE", description = "A snapshot saved by 'gardenos etcd snapshot save' or etcdctl.")
    Path file;

    @Mixin
    YesOption yes = new YesOption();

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "How long to wait for the restored cluster to be healthy (default: 300).")
    int timeoutSeconds = 300;

    @Mixin
    HostKeyOption hostKeys = new HostKeyOption();

    @Inject
    EtcdSnapshotRestoreCommand(CommandContext context, Confirmation confirmation) {
        this.context = context;
        this.confirmation = confirmation;
    }

    @Override
    public Integer call() {
        var timeout = TimeoutOption.seconds(timeoutSeconds);
        if (!Files.isRegularFile(file)) {
            throw new InputException(file + ": no such snapshot file");
        }
        Inventory inventory = context.loadInventory().inventory();
        EtcdClusterStatus status;
        try (GardenOS garden = EtcdGarden.open(context, inventory, hostKeys.acceptNew())) {
            EtcdOperations etcd = garden.get(EtcdOperations.class);
            EtcdSnapshotFile verified = EtcdSnapshotFile.verify(file);
            String question = "Restore etcd of cluster '" + inventory.cluster() + "' from " + file + " ("
                    + verified.size() + " bytes)? Every member (" + String.join(", ", etcd.memberNames())
                    + ") is stopped and rebuilt from the snapshot; writes made since it was taken are lost.";
            if (!yes.confirmed(context, confirmation, "etcd snapshot restore", question)) {
                return ExitCode.FAILURE;
            }
            status = etcd.restoreSnapshot(file, timeout);
        }
        context.io().out().print(context.options().output() == OutputFormat.JSON
                ? EtcdClusterView.json(status) + "\n"
                : "restored from " + file + "\n" + EtcdClusterView.table(status));
        context.io().out().flush();
        return ExitCode.OK;
    }
}
