package org.gardenos.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Stage;
import java.util.ArrayList;
import java.util.List;
import org.gardenos.cli.logging.ConsoleLogging;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.RunLast;
import picocli.CommandLine.UnmatchedArgumentException;
import org.gardenos.cli.command.CliIo;
import org.gardenos.cli.command.ExitCode;
import org.gardenos.cli.command.GlobalOptions;
import org.gardenos.cli.command.TerminalSafeWriter;

/**
 * The {@code gardenos} command line: picocli for parsing, Guice for building the commands, and one place that turns
 * every outcome into an exit code ({@link ExitCode}). One instance runs one invocation.
 */
public final class GardenCli {
    private static final CommandTree TREE = new CommandTree(GardenosCommand.class, GardenosCommand.SUBCOMMANDS);

    private final CliIo io;
    private final GuiceFactory factory;
    /** The whole tree, once asked for; an invocation that names one command plainly builds only that one's. */
    private CommandLine whole;
    private CommandLine used;

    public GardenCli(CliIo io, Module... overrides) {
        this.io = io;
        List<Module> modules = new ArrayList<>();
        modules.add(new CliModule(io));
        Module composed = com.google.inject.util.Modules.override(modules).with(overrides);
        // Lazy instances: a command builds only what it runs (docs/performance.md); bindings are still checked now.
        Injector injector = Guice.createInjector(Stage.DEVELOPMENT, composed);
        this.factory = new GuiceFactory(injector);
    }

    public int execute(String... args) {
        used = whole != null ? whole : TREE.only(args).map(one -> tree(List.of(one))).orElseGet(this::commandLine);
        try {
            return used.execute(args);
        } finally {
            io.out().flush();
            io.err().flush();
        }
    }

    /** The whole command tree (every subcommand); tests add stand-in subcommands to it. */
    CommandLine commandLine() {
        if (whole == null) {
            whole = tree(GardenosCommand.SUBCOMMANDS);
        }
        return whole;
    }

    /** The tree the last {@link #execute} ran (tests count what it holds). */
    CommandLine used() {
        return used;
    }

    /** The top command with {@code subcommands}; picocli's settings reach only subcommands added before them. */
    private CommandLine tree(List<Class<?>> subcommands) {
        CommandLine top = new CommandLine(GardenosCommand.class, factory);
        subcommands.forEach(top::addSubcommand);
        return top.setCaseInsensitiveEnumValuesAllowed(true)
                // help and usage come from GardenOS itself and may carry picocli's ANSI styles
                .setOut(TerminalSafeWriter.unwrapped(io.out()))
                .setErr(TerminalSafeWriter.unwrapped(io.err()))
                .setExecutionStrategy(loggingThenRun())
                .setParameterExceptionHandler(badUsage())
                .setExecutionExceptionHandler(failure());
    }

    private GlobalOptions options() {
        return ((GardenosCommand) used.getCommand()).options();
    }

    /** Logging is set up once the options are known (-v), before the command runs. */
    private IExecutionStrategy loggingThenRun() {
        return parseResult -> {
            ConsoleLogging.configure(options().verbose(), ConsoleLogging.colourWanted(io.env(), System.console() != null));
            return new RunLast().execute(parseResult);
        };
    }

    /** Bad usage: one line saying what is wrong, one line saying where help is; exit 2. */
    private IParameterExceptionHandler badUsage() {
        return (ParameterException e, String[] args) -> {
            CommandLine cmd = e.getCommandLine();
            String message = e.getMessage() == null ? "invalid arguments" : e.getMessage().strip().replace('\n', ' ');
            if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
                message += " (did you mean: " + String.join(", ", unmatched.getSuggestions()) + "?)";
            }
            io.err().println("gardenos: " + message);
            io.err().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
            io.err().flush();
            return ExitCode.BAD_INPUT;
        };
    }

    private IExecutionExceptionHandler failure() {
        return (Exception e, CommandLine cmd, ParseResult parseResult) -> {
            ErrorReport report = ErrorReport.of(e, options().verbose());
            io.out().flush();
            report.printTo(io.err());
            return report.exitCode();
        };
    }

    /** The entry point's own guard: failures outside picocli's handlers (building the command tree). */
    static int run(CliIo io, String... args) {
        try {
            return new GardenCli(io).execute(args);
        } catch (RuntimeException | Error e) {
            boolean verbose = List.of(args).contains("-v") || List.of(args).contains("--verbose");
            ErrorReport.of(e, verbose).printTo(io.err());
            return ExitCode.FAILURE;
        }
    }
}
