package org.gardenos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.gardenos.lb.StatsPassword;
import org.gardenos.lb.StatsPasswordHash;
import org.gardenos.state.StateDir;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gardenos lb rotate-stats-password} through the whole CLI on a temp state dir; that {@code apply lb} then
 * renders the new hash and reloads real HAProxy is {@code LoadBalancerLayerTest}'s and
 * {@code aChangedHaproxyConfigIsReloadedNotRestarted}'s part.
 */
class LbRotateStatsPasswordCommandTest {
    @TempDir
    Path dir;
    Path stateDir;

    @BeforeEach
    void files() throws Exception {
        TestInventoryFiles.threeNodes(dir);
        stateDir = dir.resolve("state");
    }

    private CliRun gardenos(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"-f", dir.resolve("gardenos.yaml").toString(), "--state-dir",
                stateDir.toString()}, 0, all, args.length, 4);
        return CliRun.run(Map.of(), cli -> { }, new com.google.inject.Module[0], all);
    }

    @Test
    void replacesTheKeptPasswordWithANewOneThatIsNeverPrinted() throws Exception {
        StateDir state = StateDir.open(stateDir);
        String old = StatsPassword.loadOrCreate(state);
        String oldHash = StatsPasswordHash.loadOrCreate(state, old);

        CliRun run = gardenos("lb", "rotate-stats-password");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        Path file = stateDir.resolve(StatsPassword.STATE_FILE);
        String now = Files.readString(file, StandardCharsets.UTF_8).strip();
        assertThat(now).hasSize(StatsPassword.LENGTH).isNotEqualTo(old);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(run.out()).isEqualTo("new stats password kept in " + file + " (mode 0600); run 'gardenos apply"
                + " lb' to roll it out\n");
        assertThat(run.out() + run.err()).doesNotContain(now).doesNotContain(old);
        // the next apply renders a new hash: the kept one is of the old password
        assertThat(StatsPasswordHash.matches(now, oldHash)).isFalse();
        assertThat(StatsPasswordHash.matches(now, StatsPasswordHash.loadOrCreate(state, now))).isTrue();
    }

    @Test
    void refusesWhenThisStateDirKeepsNoPassword() {
        CliRun run = gardenos("lb", "rotate-stats-password");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains(StatsPassword.STATE_FILE + " does not exist: the lb layer has not been"
                + " applied with this state directory");
        assertThat(stateDir.resolve(StatsPassword.STATE_FILE)).doesNotExist();
    }
}
