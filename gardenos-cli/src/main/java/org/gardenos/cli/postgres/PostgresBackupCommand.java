package org.gardenos.cli.postgres;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.gardenos.GardenOS;
import org.gardenos.cli.command.CommandContext;
import org.gardenos.cli.command.ExitCode;
import org.gardenos.engine.RunOptions;
import org.gardenos.error.InputException;
import org.gardenos.inventory.Inventory;
import org.gardenos.postgres.backup.PostgresBackups;
import org.gardenos.postgres.backup.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gardenos postgres backup [--from-docker HOST/CONTAINER | --from-url URL] [--database NAME...]}: a verified
 * backup into the state directory's backups/; progress on stderr, the backup's path as the last line of stdout.
 */
@Command(name = "backup", description = {
        "Back up a PostgreSQL server into the state directory's backups/ (0700; files 0600): pg_dump per database,",
        "the roles (pg_dumpall --globals-only), and a manifest with rows, checksums and sequence values per table.",
        "Source: a Docker container on a host reached over SSH (--from-docker), any server (--from-url), or the",
        "cluster's own primary (neither). Prints the backup's path as the last line. Exit 1 on failure, 2 for bad input."})
final class PostgresBackupCommand implements Callable<Integer> {
    private final CommandContext context;

    @Option(names = "--from-docker", paramLabel = "HOST/CONTAINER",
            description = {"A container on an inventory host (compose1/supabase-db) or on a host outside the inventory",
                    "by its IPv4 address (192.0.2.7/supabase-db; the inventory's ssh settings, its key in ssh.knownHosts)."})
    String fromDocker;

    @Option(names = "--from-url", paramLabel = "URL",
            description = "postgres://USER:PASSWORD@HOST:PORT/DATABASE (the password reaches pg_dump only through a 0600 password file).")
    String fromUrl;

    @Option(names = "--database", paramLabel = "NAME", description = "A database to back up (repeatable; default: all).")
    List<String> databases = new ArrayList<>();

    @Option(names = "--db-user", paramLabel = "ROLE", defaultValue = "postgres",
            description = "With --from-docker: the role the dump tools log in as inside the container (default: postgres).")
    String dbUser;

    @Option(names = "--docker-host", paramLabel = "unix:///PATH",
            description = "With --from-docker: the Docker socket on the host, when not the default.")
    String dockerHost;

    @Inject
    PostgresBackupCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (fromDocker != null && fromUrl != null) {
            throw new InputException("postgres backup: give --from-docker or --from-url, not both");
        }
        Inventory inventory = context.loadInventory().inventory();
        Progress progress = new Progress(context.io().err());
        Path backup;
        try (GardenOS garden = context.open(inventory, false, RunOptions.DEFAULT_PARALLELISM)) {
            PostgresBackups backups = garden.get(PostgresBackups.class);
            if (fromDocker != null) {
                backup = backups.backupFromDocker(fromDocker, databases, dbUser, Optional.ofNullable(dockerHost), progress);
            } else if (fromUrl != null) {
                backup = backups.backupFromUrl(fromUrl, databases, progress);
            } else {
                backup = backups.backupCluster(databases, progress);
            }
        }
        context.io().out().println(backup);
        context.io().out().flush();
        return ExitCode.OK;
    }
}
