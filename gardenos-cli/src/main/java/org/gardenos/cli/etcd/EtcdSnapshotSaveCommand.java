package org.gardenos.cli.etcd;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.gardenos.GardenOS;
import org.gardenos.cli.command.CommandContext;
import org.gardenos.cli.command.ExitCode;
import org.gardenos.cli.command.OutputFormat;
import org.gardenos.cli.output.Json;
import org.gardenos.etcd.EtcdSnapshotFile;
import org.gardenos.etcd.EtcdOperations;
import org.gardenos.inventory.Inventory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gardenos etcd snapshot save FILE}: streams a snapshot from the cluster into a 0600 file (it holds every
 * secret stored in etcd), verifies it (bbolt magic and etcd's SHA-256 trailer) and only then renames it into place.
 */
@Command(name = "save", description = {
        "Save a snapshot of the etcd data to FILE (mode 0600: it holds every secret in etcd), verified before it is"
                + " renamed into place.",
        "Exit 0 when FILE holds a verified snapshot, 1 when the cluster could not be read."})
final class EtcdSnapshotSaveCommand implements Callable<Integer> {
    private final CommandContext context;

    @Parameters(paramLabel = "FILE", description = "Where to write the snapshot (replaced when it exists).")
    Path file;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long the snapshot may take (default: 120).")
    int timeoutSeconds = 120;

    @Inject
    EtcdSnapshotSaveCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Duration timeout = TimeoutOption.seconds(timeoutSeconds);
        Inventory inventory = context.loadInventory().inventory();
        EtcdSnapshotFile saved;
        try (GardenOS garden = EtcdGarden.open(context, inventory, false)) {
            saved = garden.get(EtcdOperations.class).saveSnapshot(file, timeout);
        }
        if (context.options().output() == OutputFormat.JSON) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("file", saved.path().toString());
            doc.put("bytes", saved.size());
            doc.put("sha256", saved.sha256());
            doc.put("verified", true);
            context.io().out().println(Json.write(doc));
        } else {
            context.io().out().printf("saved %s: %d bytes, sha256 %s, mode 0600%n", saved.path(), saved.size(),
                    saved.sha256());
            context.io().out().println("verified: bbolt database header and etcd's SHA-256 trailer match");
        }
        context.io().out().flush();
        return ExitCode.OK;
    }
}
