package org.gardenos.nspawn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** owner.pid: a run belongs to a live JVM only while that very process (pid and start time) lives. */
class RunOwnerTest {
    @Test
    void thisJvmIsALiveOwner(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("owner.pid"), RunRegistry.ownerLine(ProcessHandle.current()));
        assertThat(RunRegistry.ownerAlive(f)).isTrue();
    }

    @Test
    void anExitedProcessIsNot(@TempDir Path dir) throws Exception {
        Process p = new ProcessBuilder("true").start();
        String line = RunRegistry.ownerLine(p.toHandle());
        p.waitFor();
        assertThat(RunRegistry.ownerAlive(Files.writeString(dir.resolve("owner.pid"), line))).isFalse();
    }

    @Test
    void aReusedPidWithAnotherStartTimeIsNot(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("owner.pid"), ProcessHandle.current().pid() + " 12345\n");
        assertThat(RunRegistry.ownerAlive(f)).isFalse();
    }

    @Test
    void missingOrGarbledRecordsHaveNoOwner(@TempDir Path dir) throws Exception {
        assertThat(RunRegistry.ownerAlive(dir.resolve("absent"))).isFalse();
        assertThat(RunRegistry.ownerAlive(Files.writeString(dir.resolve("bad"), "not a pid"))).isFalse();
    }
}
