package org.gardenos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Module;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Map;
import org.gardenos.cli.command.CliIo;
import org.gardenos.cli.etcd.EtcdCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Picocli builds only the command a command line names (counted: the subcommands of the tree that ran), and a line
 * run with that one command gives exactly what the whole tree gives (output, errors, suggestions, exit code).
 */
class CommandTreeTest {
    private static final CommandTree TREE = new CommandTree(GardenosCommand.class, GardenosCommand.SUBCOMMANDS);

    private static CliRun run(boolean whole, String... args) {
        return CliRun.run(Map.of(), cli -> {
            if (whole) {
                cli.commandLine();
            }
        }, new Module[0], args);
    }

    private static GardenCli quietCli() {
        return new GardenCli(new CliIo(new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()), Map.of()));
    }

    @Test
    void aCommandLineThatNamesACommandBuildsOnlyThatCommand() {
        GardenCli cli = quietCli();

        assertThat(cli.execute("-o", "json", "version")).isZero();

        CommandLine used = cli.used();
        assertThat(used.getSubcommands()).containsOnlyKeys("version");
        assertThat(used.getSubcommands().get("version").getSubcommands()).isEmpty();
    }

    @Test
    void aNestedCommandComesWithItsOwnSubcommandsOnly() {
        GardenCli cli = quietCli();

        cli.execute("etcd", "snapshot", "save", "--bogus");

        assertThat(cli.used().getSubcommands()).containsOnlyKeys("etcd");
        assertThat(cli.used().getSubcommands().get("etcd").getSubcommands())
                .containsOnlyKeys("env", "snapshot", "replace-member", "defrag", "rotate-certs");
    }

    @Test
    void helpBuildsTheWholeTree() {
        GardenCli cli = quietCli();

        assertThat(cli.execute("--help")).isZero();

        assertThat(cli.used().getSubcommands()).hasSize(GardenosCommand.SUBCOMMANDS.size())
                .containsKeys("version", "plan", "apply", "status", "etcd", "sandbox");
    }

    @Test
    void onlyAPlainlyNamedCommandIsBuiltAlone() {
        assertThat(TREE.only("status", "base")).contains(StatusCommand.class);
        assertThat(TREE.only("-f", "site.yaml", "--state-dir", "/tmp/s", "-v", "-o", "json", "apply", "base"))
                .contains(ApplyCommand.class);
        assertThat(TREE.only("--file=site.yaml", "--output=json", "etcd", "snapshot", "save", "/tmp/x"))
                .contains(EtcdCommand.class);
        assertThat(TREE.only("status", "etcd", "lb", "-f", "x.yaml")).contains(StatusCommand.class);
        // a file named like a command, given as the option's value: picocli refuses that in the whole tree
        assertThat(TREE.only("-f", "plan", "status")).isEmpty();
        assertThat(TREE.only()).isEmpty();
        assertThat(TREE.only("verson")).isEmpty();
        assertThat(TREE.only("verson", "status")).isEmpty();
        assertThat(TREE.only("--bogus", "status")).isEmpty();
        assertThat(TREE.only("-vf", "x.yaml", "status")).isEmpty();
        assertThat(TREE.only("--verbose=true", "status")).isEmpty();
        assertThat(TREE.only("--", "status")).isEmpty();
        assertThat(TREE.only("@args", "status")).isEmpty();
        assertThat(TREE.only("-f", "@args", "status")).isEmpty();
        assertThat(TREE.only("status", "@args")).isEmpty();
        assertThat(TREE.only("status", "--help")).isEmpty();
        assertThat(TREE.only("status", "-vh")).isEmpty();
        assertThat(TREE.only("status", "-V")).isEmpty();
        assertThat(TREE.only("-h", "status")).isEmpty();
        assertThat(TREE.only("-f")).isEmpty();
        assertThat(TREE.only("-f", "x.yaml")).isEmpty();
    }

    @ParameterizedTest(name = "gardenos {0}")
    @ValueSource(strings = {"", "--help", "-h", "--version", "-V", "version", "version --bogus", "verson",
            "version -o xml", "status --help", "etcd --help", "etcd snapshot --help", "etcd snapshot save --help",
            "sandbox --help", "-f /nonexistent/g.yaml status", "--bogus status", "-f plan status", "-f status status",
            "-vh", "status -vh", "-o json version", "version -o json", "-ojson version", "--output=json version",
            "-v version", "hosts -f /nonexistent/g.yaml", "status -f /nonexistent/g.yaml base", "etcd snap", "etcd",
            "sandbox", "verson status", "-- status", "@/nonexistent/args", "etcd bogus", "apply --bogus",
            "status --bogus", "plan --parallelism 0 -f /nonexistent/g.yaml", "version extra", "-o", "-f", "status -o",
            "-x status", "--verbose=true version", "lb rotate-stats-password --help", "validate -f /nonexistent/g.yaml",
            "--state-dir=/nonexistent/s version", "-f /nonexistent/g.yaml --state-dir /nonexistent/s -v -o json status base",
            "etcd snapshot save --bogus", "k3s kubeconfig --bogus", "postgres url --bogus"})
    void aLineGivesWithItsOneCommandWhatTheWholeTreeGives(String line) {
        String[] args = line.isEmpty() ? new String[0] : line.split(" ");

        CliRun alone = run(false, args);
        CliRun whole = run(true, args);

        assertThat(alone).isEqualTo(whole);
    }

    @Test
    void theTopCommandsOptionsAndTheirValuesAreReadFromItsAnnotations() {
        assertThat(TREE.only("--state-dir", "/s", "version")).contains(VersionCommand.class);
        assertThat(TREE.only("--state-dir", "version", "status")).isEmpty();
        assertThat(TREE.only("-v", "version")).contains(VersionCommand.class);
        assertThat(TREE.only("-v", "-o", "version")).isEmpty();
    }
}
