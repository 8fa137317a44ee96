package org.gardenos.cli;

import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.gardenos.cli.etcd.EtcdCommand;
import org.gardenos.cli.postgres.PostgresCommand;
import org.gardenos.cli.k3s.K3sCommand;
import org.gardenos.cli.lb.LbCommand;
import org.gardenos.cli.sandbox.SandboxCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import org.gardenos.cli.command.GlobalOptions;
import org.gardenos.cli.command.GlobalOptionsSource;
import org.gardenos.cli.command.OutputFormat;

/**
 * The top command. Its options are inherited by every subcommand ({@link ScopeType#INHERIT}), so a user may write
 * them before or after the command ({@code gardenos -v plan} and {@code gardenos plan -v}); picocli stores the
 * value here either way. A singleton in the CLI's injector, so subcommands receive this very instance.
 *
 * <p>The subcommands are not in the annotation: {@link GardenCli} adds them, all of them or only the one a command
 * line names ({@link CommandTree}), since annotated ones would all be built for every run.
 */
@Singleton
@Command(name = "gardenos",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Converges Debian hosts to the state described in gardenos.yaml. Layers today: base, etcd,"
                + " lb (HAProxy), k3s and postgres (Patroni in K3s). Applications are coming: not built yet."},
        usageHelpAutoWidth = true,
        footer = {"", "Exit codes: 0 success, 1 runtime failure, 2 bad usage or bad input."})
public final class GardenosCommand implements GlobalOptionsSource {
    /** In the order {@code --help} lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(VersionCommand.class, ValidateCommand.class, HostsCommand.class,
            PlanCommand.class, ApplyCommand.class, StatusCommand.class, EtcdCommand.class, K3sCommand.class,
            LbCommand.class, PostgresCommand.class, DoctorCommand.class, SandboxCommand.class);

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Inventory file (default: ./gardenos.yaml).")
    private Path file = Path.of("gardenos.yaml");

    @Option(names = "--state-dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Where keys, certificates and tokens are kept (default: ~/.gardenos/CLUSTER, mode 0700).")
    private Path stateDir;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Debug logging for GardenOS; stack traces on unexpected errors.")
    private boolean verbose;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", scope = ScopeType.INHERIT,
            description = "Data output on stdout: table or json (default: table).")
    private OutputFormat output = OutputFormat.TABLE;

    @Override
    public GlobalOptions options() {
        return new GlobalOptions(file, Optional.ofNullable(stateDir), verbose, output);
    }
}
