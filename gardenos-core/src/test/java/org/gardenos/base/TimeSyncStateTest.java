package org.gardenos.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The time daemon's state probe, run by this machine's {@code /bin/sh} with a {@code systemctl} first on PATH that
 * logs each call and prints what systemd's {@code systemctl show} prints. One call answers the three facts the check
 * reads (it took three {@code systemctl} processes before, each a call to systemd).
 */
class TimeSyncStateTest {
    @TempDir
    Path dir;

    @Test
    void oneSystemctlCallAnswersFileStateActiveStateAndCondition() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path log = dir.resolve("calls");
        Path systemctl = bin.resolve("systemctl");
        Files.writeString(systemctl, "#!/bin/sh\necho \"$*\" >> '" + log + "'\n"
                + "printf 'ActiveState=inactive\\nUnitFileState=enabled\\nConditionResult=no\\n'\n");
        assertThat(systemctl.toFile().setExecutable(true)).isTrue();
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c",
                TimeSync.stateCommand("systemd-timesyncd.service"));
        builder.environment().put("PATH", bin + ":/usr/bin:/bin");
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).isZero();

        assertThat(Files.readAllLines(log)).containsExactly(
                "show -p UnitFileState -p ActiveState -p ConditionResult -- systemd-timesyncd.service");
        assertThat(out).startsWith("ActiveState=inactive\nUnitFileState=enabled\nConditionResult=no\ncontainer=");
        assertThat(TimeSync.stateCommand("chrony.service"))
                .startsWith(SimulatedDebianHost.TIME_SYNC_STATE + "'chrony.service' ");
        assertThat(TimeSync.stateCommand("a;b $(c).service")).as("the unit is one literal word: ShellQuoting's")
                .startsWith(SimulatedDebianHost.TIME_SYNC_STATE + org.gardenos.remote.ShellQuoting.quote("a;b $(c).service")
                        + " 2>/dev/null; ");
        assertThat(List.of(out.split("\n"))).hasSize(4);
    }
}
