package org.gardenos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code gardenos --help} and the README say what exists and what is only planned (issue 9 item 16). */
class TopHelpTest {
    @Test
    void helpNamesTheLayersThatExistAndCallsAppsComing() {
        CliRun run = CliRun.run("--help");
        String text = run.out().replaceAll("\\s+", " ");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(text).contains("Layers today: base, etcd, lb (HAProxy), k3s and postgres (Patroni in K3s).")
                .contains("Applications are coming: not built yet.")
                .doesNotContain("Patroni fleet");
    }

    @Test
    void theReadmeNamesPostgresAsThereAndOnlyAppsAsComing() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(root.resolve("README.md")) || !Files.isDirectory(root.resolve("gardenos-core"))) {
            root = root.getParent();
        }
        List<String> lines = Files.readAllLines(root.resolve("README.md"));

        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("**What exists now:**"))
                .anySatisfy(l -> assertThat(l).contains("**PostgreSQL with Patroni**"))
                .anySatisfy(l -> assertThat(l).startsWith("**What is coming:** the applications"));
        assertThat(lines).filteredOn(l -> l.matches("(?i).*(applications|gardenos-apps).*"))
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l).containsAnyOf("coming", "not built yet", "placeholder"));
    }
}
