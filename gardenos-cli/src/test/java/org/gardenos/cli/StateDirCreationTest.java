package org.gardenos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.gardenos.cli.command.ConnectorFactory;
import org.gardenos.cli.command.LayerModules;
import org.gardenos.standin.StandInConnector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which commands create the state directory, as docs/cli.md says under {@code --state-dir}: each runs with a
 * {@code --state-dir} that does not exist yet, against the in-memory {@link StandInConnector} (no host is contacted).
 * The exit code does not matter here (a stand-in host has no etcd or K3s), only whether the directory appeared.
 */
class StateDirCreationTest {
    @TempDir
    Path dir;
    Path inventory;
    Path state;

    @BeforeEach
    void files() throws Exception {
        inventory = TestInventoryFiles.threeNodes(dir);
        state = dir.resolve("state");
    }

    private CliRun gardenos(String... args) {
        Module standIns = new AbstractModule() {
            @Override
            protected void configure() {
                bind(ConnectorFactory.class).toInstance((inv, acceptNew) -> new StandInConnector());
                bind(LayerModules.class).toInstance(LayerModules.shipped());
            }
        };
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"-f", inventory.toString(), "--state-dir", state.toString()}, 0, all,
                args.length, 4);
        return CliRun.run(Map.of(), cli -> { }, new Module[] {standIns}, all);
    }

    @Test
    void validateHostsAndVersionNeverTouchIt() {
        for (String[] command : List.of(new String[] {"validate"}, new String[] {"hosts"},
                new String[] {"version"})) {
            CliRun run = gardenos(command);
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(state).as(String.join(" ", command)).doesNotExist();
        }
    }

    @Test
    void planCreatesItPrivate() throws Exception {
        gardenos("plan", "base");
        assertPrivateDirectory();
    }

    @Test
    void statusCreatesItPrivate() throws Exception {
        gardenos("status", "base");
        assertPrivateDirectory();
    }

    @Test
    void k3sKubeconfigCreatesItWhenItHasToFetchTheFile() throws Exception {
        gardenos("k3s", "kubeconfig", "--accept-new-host-keys");
        assertPrivateDirectory();
    }

    @Test
    void etcdCommandsWithTlsRefuseAMissingPkiAndCreateNothing() {
        CliRun run = gardenos("etcd", "env");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("no etcd PKI");
        assertThat(state).doesNotExist();
    }

    private void assertPrivateDirectory() throws Exception {
        assertThat(state).isDirectory();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rwx------");
    }
}
