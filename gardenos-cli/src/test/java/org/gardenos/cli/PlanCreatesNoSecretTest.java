package org.gardenos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gardenos.cli.command.ConnectorFactory;
import org.gardenos.cli.command.LayerModules;
import org.gardenos.standin.StandInConnector;
import org.gardenos.state.StateDirLock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plan} never makes a secret on disk (issue 9 item 8): on a fresh state directory, with the shipped layers
 * (etcd with TLS, lb, k3s) and hosts that carry nothing (the in-memory {@link StandInConnector}), a plan says what
 * apply would create or issue and leaves the state directory empty but for its lock file: no etcd CA or key, no K3s
 * token, no stats password.
 */
class PlanCreatesNoSecretTest {
    @TempDir
    Path dir;
    Path state;

    @BeforeEach
    void files() throws Exception {
        TestInventoryFiles.threeNodes(dir);
        // a local K3s "release" so the plan reads its checksum without a download
        Path binary = Files.writeString(dir.resolve("k3s"), "not a real k3s binary");
        Files.writeString(dir.resolve("gardenos.yaml"), Files.readString(dir.resolve("gardenos.yaml"))
                + "k3s:\n  artifact: " + binary + "\n");
        state = dir.resolve("state");
    }

    private CliRun gardenos(String... args) {
        Module standIns = new AbstractModule() {
            @Override
            protected void configure() {
                bind(ConnectorFactory.class).toInstance((inv, acceptNew) -> StandInConnector.succeedingHosts());
                bind(LayerModules.class).toInstance(LayerModules.shipped());
            }
        };
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("-f", dir.resolve("gardenos.yaml").toString(), "--state-dir", state.toString()));
        return CliRun.run(Map.of(), cli -> { }, new Module[] {standIns}, all.toArray(String[]::new));
    }

    @Test
    void planK3sOnAFreshStateDirSaysWouldIssueAndWritesNoCaNoKeyNoToken() throws Exception {
        CliRun run = gardenos("plan", "k3s");

        // the exit code is not the point: in-memory hosts answer a unit probe with nothing, so those checks fail
        assertThat(run.out()).contains("/etc/rancher/k3s/etcd/client.key (would issue the etcd client certificate"
                + " 'k3s'");
        assertThat(filesIn(state)).as(run.toString()).containsOnly(StateDirLock.FILE);
    }

    @Test
    void planOfEveryLayerOnAFreshStateDirWritesNothingButItsLock() throws Exception {
        CliRun run = gardenos("plan");

        assertThat(run.out()).contains("etcd/pki/ca.crt (no host carries one yet)");
        assertThat(filesIn(state)).as(run.toString()).containsOnly(StateDirLock.FILE);
    }

    private static List<String> filesIn(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).toList();
        }
    }
}
