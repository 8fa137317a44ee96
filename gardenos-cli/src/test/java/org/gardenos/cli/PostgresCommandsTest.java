package org.gardenos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gardenos.cli.command.Confirmation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gardenos postgres url|switchover}: parsing, the service's answer printed, bad input one line with exit 2.
 * Nothing here reaches a cluster (url needs none; the switchover cases stop at input checks or the confirmation).
 */
class PostgresCommandsTest {
    @TempDir
    Path dir;
    Path stateDir;

    @BeforeEach
    void inventory() throws IOException {
        TestInventoryFiles.threeNodes(dir);
        Files.writeString(dir.resolve("gardenos.yaml"), TestInventoryFiles.THREE_NODES
                + "postgres:\n  users: [{name: app}]\n");
        stateDir = dir.resolve("state");
    }

    private CliRun gardenos(Confirmation confirmation, String... args) {
        Module standIns = new AbstractModule() {
            @Override
            protected void configure() {
                bind(Confirmation.class).toInstance(confirmation);
            }
        };
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-f", dir.resolve("gardenos.yaml").toString(), "--state-dir", stateDir.toString()));
        return CliRun.run(Map.of(), cli -> { }, new Module[] {standIns}, all.toArray(String[]::new));
    }

    @Test
    void urlPrintsTheLoadBalancedUrlWithoutThePassword() {
        CliRun run = gardenos(new StandInConfirmation(false, false), "postgres", "url", "--replica", "--user", "app");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("postgresql://app@203.0.113.11:5433/postgres?sslmode=require\n");
    }

    @Test
    void anUnknownUserIsOneLineAndExit2() {
        CliRun run = gardenos(new StandInConfirmation(false, false), "postgres", "url", "--user", "nobody");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().toList()).singleElement().asString()
                .contains("postgres url --user: unknown user 'nobody' (known: postgres, standby, admin, app)");
    }

    @Test
    void switchoverIsNotDoneWithoutConfirmation() {
        CliRun run = gardenos(new StandInConfirmation(true, false), "postgres", "switchover", "--to", "postgres-1");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    }

    @Test
    void backupWithTwoSourcesIsOneLineAndExit2() {
        CliRun run = gardenos(new StandInConfirmation(false, false), "postgres", "backup", "--from-docker", "n1/db",
                "--from-url", "postgres://u@127.0.0.1/x");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err().lines().toList()).singleElement().asString()
                .contains("postgres backup: give --from-docker or --from-url, not both");
    }

    @Test
    void backupFromAHostNotInTheInventoryIsOneLineAndExit2() {
        CliRun run = gardenos(new StandInConfirmation(false, false), "postgres", "backup", "--from-docker",
                "elsewhere/supabase-db");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err().lines().toList()).singleElement().asString()
                .contains("--from-docker: no host 'elsewhere' in the inventory");
    }

    @Test
    void migrateOfAFileWithoutItsManifestIsRefusedInOneLineExit2() throws IOException {
        Path tar = Files.writeString(dir.resolve("some.tar"), "not a backup");
        CliRun run = gardenos(new StandInConfirmation(false, false), "postgres", "migrate", tar.toString(),
                "--to-url", "postgres://postgres@127.0.0.1:1/postgres");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err().lines().toList()).singleElement().asString()
                .contains("no manifest some.manifest.json beside it: not a complete GardenOS backup");
    }

    @Test
    void migrateIntoABadDatabaseNameIsOneLineAndExit2BeforeAnythingIsRead() throws IOException {
        Path tar = Files.writeString(dir.resolve("some.tar"), "not a backup");
        CliRun run = gardenos(new StandInConfirmation(false, false), "postgres", "migrate", tar.toString(),
                "--into-database", "supabase; drop", "--to-url", "postgres://postgres@127.0.0.1:1/postgres");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().toList()).singleElement().asString()
                .contains("--into-database: 'supabase; drop' is not a database name");
        CliRun template = gardenos(new StandInConfirmation(false, false), "postgres", "restore", tar.toString(),
                "--yes", "--into-database", "template1");
        assertThat(template.exitCode()).as(template.toString()).isEqualTo(2);
        assertThat(template.err().lines().toList()).singleElement().asString()
                .contains("--into-database: 'template1' is a template database; name another");
    }

    @Test
    void restoreIsNotDoneWithoutConfirmation() throws IOException {
        Path tar = Files.writeString(dir.resolve("some.tar"), "not a backup");
        CliRun run = gardenos(new StandInConfirmation(true, false), "postgres", "restore", tar.toString(),
                "--to-url", "postgres://postgres@127.0.0.1:1/postgres");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("postgres restore: not confirmed; nothing was changed");
    }
}
