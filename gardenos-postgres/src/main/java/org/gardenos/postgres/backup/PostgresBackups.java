package org.gardenos.postgres.backup;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.gardenos.error.GardenException;
import org.gardenos.error.InputException;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.InvalidValueException;
import org.gardenos.inventory.Ipv4;
import org.gardenos.inventory.Inventory;
import org.gardenos.postgres.ops.PostgresOperations;
import org.gardenos.postgres.status.PostgresStatus;
import org.gardenos.remote.RemoteHostConnector;
import org.gardenos.state.StateDir;
import org.gardenos.status.StatusReport;

/**
 * Backups and restores as the CLI and embedders call them ({@code garden.get(PostgresBackups.class)}), bound by
 * {@code PostgresModule}: sources are a Docker container on an inventory host (over its SSH connection, host key
 * verified), any URL, or the cluster's own primary; backups go to the state directory's {@code backups/}; restores
 * go to the cluster's primary (through the load balancer, as {@code postgres url} gives it) or to a URL.
 */
public final class PostgresBackups {
    public static final String BACKUPS = "backups";
    /** How long one dump may stream before the host stops it. */
    static final Duration DUMP_TIMEOUT = Duration.ofHours(6);
    /** Where Debian's client programs of the newest installed major live is left to PATH. */
    private static final Path CLIENT_BIN = Path.of("");

    private final Inventory inventory;
    private final StateDir state;
    private final RemoteHostConnector connector;
    private final Provider<PostgresOperations> cluster;
    private final Provider<PostgresStatus> status;

    @Inject
    public PostgresBackups(Inventory inventory, StateDir state, RemoteHostConnector connector,
                           Provider<PostgresOperations> cluster, Provider<PostgresStatus> status) {
        this.inventory = inventory;
        this.state = state;
        this.connector = connector;
        this.cluster = cluster;
        this.status = status;
    }

    public Path backupsDir() {
        return state.resolve(BACKUPS);
    }

    /**
     * {@code HOST/CONTAINER}: HOST an inventory host name, or the IPv4 address of a host that is not in the inventory
     * (a Compose host GardenOS does not manage: every inventory host gets the base play on apply). Either way the
     * connection uses the inventory's ssh settings and its known_hosts, strictly: an unknown host key is refused.
     */
    public Path backupFromDocker(String hostAndContainer, List<String> databases, String dbUser,
                                 Optional<String> dockerHost, Progress progress) {
        int slash = hostAndContainer.indexOf('/');
        if (slash <= 0 || slash == hostAndContainer.length() - 1) {
            throw new InputException("--from-docker: '" + hostAndContainer + "' is not HOST/CONTAINER");
        }
        String hostName = hostAndContainer.substring(0, slash);
        HostSpec host = inventory.host(hostName).or(() -> byAddress(hostName)).orElseThrow(() -> new InputException(
                "--from-docker: no host '" + hostName + "' in the inventory (hosts: " + String.join(", ",
                inventory.hosts().stream().map(HostSpec::name).toList()) + ") and not an IPv4 address"));
        DockerEndpoint source = new DockerEndpoint(connector.connect(host), hostAndContainer.substring(slash + 1), dbUser,
                dockerHost, DUMP_TIMEOUT);
        return new BackupService(Clock.systemUTC()).backup(source, databases, backupsDir(), progress);
    }

    /** A host outside the inventory, named by its address: no role, so no play ever targets it. */
    private static Optional<HostSpec> byAddress(String text) {
        try {
            return Optional.of(HostSpec.of(text, Ipv4.format(Ipv4.parseHostAddress(text))));
        } catch (InvalidValueException e) {
            return Optional.empty();
        }
    }

    public Path backupFromUrl(String url, List<String> databases, Progress progress) {
        PostgresUrl parsed = PostgresUrl.parse(url);
        try (PgClientTools tools = tools(parsed)) {
            return new BackupService(Clock.systemUTC()).backup(new UrlEndpoint(tools, "url:" + parsed.host() + ":"
                    + parsed.port()), databases, backupsDir(), progress);
        }
    }

    /** The cluster's own primary, through the load balancer. */
    public Path backupCluster(List<String> databases, Progress progress) {
        PostgresUrl primary = clusterPrimary();
        try (PgClientTools tools = tools(primary)) {
            return new BackupService(Clock.systemUTC()).backup(new UrlEndpoint(tools, "cluster-" + inventory.cluster()),
                    databases, backupsDir(), progress);
        }
    }

    /**
     * Restores into {@code toUrl}, or into the cluster's primary when empty: then only when the cluster is healthy
     * (a leader, every replica streaming within postgres.maxLagBytes, as {@code status postgres} says).
     */
    public MigrationReport migrate(Path archive, Optional<String> toUrl, MigrationOptions options) {
        if (toUrl.isEmpty()) {
            StatusReport health = status.get().probe();
            if (!health.healthy()) {
                throw new GardenException("refused: cluster '" + inventory.cluster() + "' is " + health.health()
                        + " (" + health.summary() + "); nothing was changed");
            }
        }
        PostgresUrl target = toUrl.map(PostgresUrl::parse).orElseGet(this::clusterPrimary);
        try (PgClientTools tools = tools(target)) {
            return new MigrationService().migrate(archive, tools, options);
        }
    }

    /** Where a restore would go, for the confirmation question (no password). */
    public String targetDescription(Optional<String> toUrl) {
        return toUrl.map(u -> PostgresUrl.parse(u).toString())
                .orElse("the primary of cluster '" + inventory.cluster() + "'");
    }

    private PostgresUrl clusterPrimary() {
        return PostgresUrl.parse(cluster.get().url(false, Optional.empty(), true));
    }

    private PgClientTools tools(PostgresUrl url) {
        Path dir = backupsDir();
        BackupDirectory.open(dir).close(); // 0700, created when missing
        return new PgClientTools(url, dir, CLIENT_BIN);
    }
}
