package org.gardenos.cli;

import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.Callable;
import org.gardenos.GardenOS;
import org.gardenos.cli.command.CommandContext;
import org.gardenos.cli.command.ExitCode;
import org.gardenos.engine.RunOptions;
import org.gardenos.inventory.Inventory;
import org.gardenos.postgres.doctor.Finding;
import org.gardenos.postgres.doctor.PostgresDoctor;
import picocli.CommandLine.Command;

/** {@code gardenos doctor}: the journal's known failures found in the live cluster, one line each with its fix. */
@Command(name = "doctor", description = {
        "Look for known failures in the live cluster and print each with its cause and fix, one line each.",
        "Today: the postgres layer (PVC Pending / no default StorageClass, Patroni on etcd's v2 API, pg_hba",
        "refusing the pod network, PGDATA permissions, replicas stuck bootstrapping).",
        "Exit 0 when nothing known is found, 1 when something is."})
final class DoctorCommand implements Callable<Integer> {
    private final CommandContext context;

    @Inject
    DoctorCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Inventory inventory = context.loadInventory().inventory();
        List<Finding> findings;
        try (GardenOS garden = context.open(inventory, false, RunOptions.DEFAULT_PARALLELISM)) {
            findings = garden.get(PostgresDoctor.class).examine();
        }
        if (findings.isEmpty()) {
            context.io().out().println("postgres: no known failure found");
        }
        findings.forEach(f -> context.io().out().println("postgres: " + f.line()));
        context.io().out().flush();
        return findings.isEmpty() ? ExitCode.OK : ExitCode.FAILURE;
    }
}
