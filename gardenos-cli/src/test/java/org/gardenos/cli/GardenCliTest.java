package org.gardenos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Module;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.gardenos.error.GardenException;
import org.gardenos.error.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import org.gardenos.cli.command.CliIo;
import org.gardenos.cli.command.GlobalOptions;
import org.gardenos.cli.command.OutputFormat;

class GardenCliTest {

    /** A stand-in command that records the global options it sees, or throws what it is given. */
    @Command(name = "probe")
    static final class Probe implements Callable<Integer> {
        final GardenosCommand top;
        final AtomicReference<GlobalOptions> seen;
        final Supplier<RuntimeException> failure;

        Probe(GardenosCommand top, AtomicReference<GlobalOptions> seen, Supplier<RuntimeException> failure) {
            this.top = top;
            this.seen = seen;
            this.failure = failure;
        }

        @Override
        public Integer call() {
            seen.set(top.options());
            if (failure != null) {
                throw failure.get();
            }
            return 0;
        }
    }

    private static GlobalOptions optionsSeen(String... args) {
        AtomicReference<GlobalOptions> seen = new AtomicReference<>();
        CliRun run = CliRun.run(Map.of(), cli -> addProbe(cli, seen, null), new Module[0], args);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return seen.get();
    }

    private static CliRun runProbeThrowing(Supplier<RuntimeException> failure, String... args) {
        return CliRun.run(Map.of(), cli -> addProbe(cli, new AtomicReference<>(), failure), new Module[0], args);
    }

    private static void addProbe(GardenCli cli, AtomicReference<GlobalOptions> seen, Supplier<RuntimeException> failure) {
        GardenosCommand top = (GardenosCommand) cli.commandLine().getCommand();
        cli.commandLine().addSubcommand("probe", new Probe(top, seen, failure));
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        GlobalOptions options = optionsSeen("probe");

        assertThat(options).isEqualTo(new GlobalOptions(Path.of("gardenos.yaml"), Optional.empty(), false, OutputFormat.TABLE));
        assertThat(options.stateDirFor("garden", Path.of("/home/u"))).isEqualTo(Path.of("/home/u/.gardenos/garden"));
    }

    @Test
    void globalOptionsWorkBeforeTheCommand() {
        GlobalOptions options = optionsSeen("-f", "site.yaml", "--state-dir", "/tmp/st", "-v", "--output", "json", "probe");

        assertThat(options).isEqualTo(new GlobalOptions(Path.of("site.yaml"), Optional.of(Path.of("/tmp/st")), true, OutputFormat.JSON));
        assertThat(options.stateDirFor("garden", Path.of("/home/u"))).isEqualTo(Path.of("/tmp/st"));
    }

    @Test
    void globalOptionsWorkAfterTheCommand() {
        GlobalOptions options = optionsSeen("probe", "--file", "site.yaml", "--state-dir=/tmp/st", "--verbose", "-o", "JSON");

        assertThat(options).isEqualTo(new GlobalOptions(Path.of("site.yaml"), Optional.of(Path.of("/tmp/st")), true, OutputFormat.JSON));
    }

    @Test
    void globalOptionsMayBeSplitAroundTheCommand() {
        GlobalOptions options = optionsSeen("-v", "probe", "-f", "x.yaml");

        assertThat(options.verbose()).isTrue();
        assertThat(options.file()).isEqualTo(Path.of("x.yaml"));
    }

    @Test
    void outputOptionReachesARealCommandWhereverItIsWritten() {
        CliRun before = CliRun.run("-o", "json", "version");
        CliRun after = CliRun.run("version", "--output", "json");
        CliRun table = CliRun.run("version");

        assertThat(before.exitCode()).isZero();
        assertThat(before.out()).startsWith("{").contains("\"version\" : \"");
        assertThat(after.out()).isEqualTo(before.out());
        assertThat(table.out()).startsWith("gardenos ").doesNotContain("{");
    }

    @Test
    void versionOptionAndVersionCommandAgree() {
        CliRun option = CliRun.run("--version");

        assertThat(option.exitCode()).isZero();
        assertThat(option.out().strip()).isEqualTo("gardenos " + VersionProvider.version());
        assertThat(VersionProvider.version()).doesNotContain("${").isNotEqualTo("unknown");
    }

    static List<String> everyCommand() {
        CommandLine root = new GardenCli(new CliIo(new java.io.PrintWriter(java.io.Writer.nullWriter()),
                new java.io.PrintWriter(java.io.Writer.nullWriter()), Map.of())).commandLine();
        List<String> names = new java.util.ArrayList<>();
        names.add("");
        collect(root, "", names);
        return names;
    }

    private static void collect(CommandLine cmd, String prefix, List<String> names) {
        for (Map.Entry<String, CommandLine> sub : cmd.getSubcommands().entrySet()) {
            String name = (prefix + " " + sub.getKey()).strip();
            names.add(name);
            collect(sub.getValue(), name, names);
        }
    }

    @ParameterizedTest(name = "gardenos {0} --help")
    @MethodSource("everyCommand")
    void everyCommandHasHelpOnStdoutExit0(String command) {
        List<String> args = new java.util.ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
        args.add("--help");

        CliRun run = CliRun.run(args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("Usage: gardenos" + (command.isEmpty() ? "" : " " + command));
        assertThat(run.out()).contains("--output").contains("--file").contains("--state-dir").contains("--verbose");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void unknownOptionIsOneLinePlusHintExit2() {
        CliRun run = CliRun.run("version", "--bogus");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().toList()).containsExactly(
                "gardenos: Unknown option: '--bogus'",
                "Try 'gardenos version --help' for more information.");
    }

    @Test
    void misspelledCommandSuggestsTheRightOne() {
        CliRun run = CliRun.run("verson");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().toList()).hasSize(2);
        assertThat(run.err()).contains("'verson'").contains("did you mean: version?");
    }

    @Test
    void missingCommandIsBadUsage() {
        CliRun run = CliRun.run();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().toList()).hasSize(2).last().isEqualTo("Try 'gardenos --help' for more information.");
    }

    @Test
    void badOptionValueIsBadUsage() {
        CliRun run = CliRun.run("version", "-o", "xml");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'xml'").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void inputExceptionPrintsItsLinesExit2() {
        CliRun run = runProbeThrowing(() -> new InputException(List.of("a.yaml:1:1: cluster: missing", "a.yaml:3:5: hosts: empty")), "probe");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().toList()).containsExactly("a.yaml:1:1: cluster: missing", "a.yaml:3:5: hosts: empty");
    }

    @Test
    void gardenExceptionIsOneLineExit1() {
        CliRun run = runProbeThrowing(() -> new GardenException("node2: etcd did not become healthy in 60 s"), "probe");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines().toList()).containsExactly("error: node2: etcd did not become healthy in 60 s");
    }

    @Test
    void unexpectedExceptionIsOneLineExit1AndTraceOnlyWithVerbose() {
        CliRun quiet = runProbeThrowing(() -> new NullPointerException("x was null"), "probe");
        CliRun verbose = runProbeThrowing(() -> new NullPointerException("x was null"), "probe", "-v");

        assertThat(quiet.exitCode()).isEqualTo(1);
        assertThat(quiet.err().lines().toList()).hasSize(1);
        assertThat(quiet.err()).contains("x was null").doesNotContain("\tat ");
        assertThat(verbose.exitCode()).isEqualTo(1);
        assertThat(verbose.err()).contains("x was null").contains("\tat org.gardenos.cli.GardenCliTest");
    }
}
