package org.gardenos.nspawn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gardenos.testkit.Prerequisites;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Leftovers of a run whose JVM died (a fake run built by hand: record, namespace, veth, mount, "nspawn" process) are
 * removed; a run whose owner lives is not touched. Needs root; boots no host.
 */
class LeftoverCleanupTest {
    @BeforeEach
    void requireRoot() {
        Prerequisites.requireRoot();
        Prerequisites.requireCommands("ip", "mount", "umount", "bash", "sleep");
    }

    @Test
    void deadRunsNamespaceVethMountProcessAndDirectoriesAreRemoved() throws Exception {
        String id = freshRunId();
        Path runDir = RunRegistry.RUNS_ROOT.resolve(id);
        Path hostDir = RunRegistry.HOSTS_ROOT.resolve(id).resolve("node1");
        Process fakeNspawn = null;
        try {
            Files.createDirectories(runDir);
            Files.writeString(runDir.resolve("owner.pid"), deadOwnerLine());
            Files.writeString(runDir.resolve("addresses"), "10.213.77.250\n");
            run("ip", "netns", "add", HostNetwork.netns(id, 1));
            run("ip", "link", "add", HostNetwork.veth(id, 1), "type", "veth", "peer", "name", "eth0",
                    "netns", HostNetwork.netns(id, 1));
            Path merged = hostDir.resolve("merged");
            Files.createDirectories(merged);
            run("mount", "-t", "tmpfs", "tmpfs", merged.toString());
            Files.writeString(merged.resolve("file"), "inside the leftover mount");
            // a process that looks like this run's systemd-nspawn (the cleanup finds nspawn by its --machine= flag)
            // (bash -c SCRIPT NAME: NAME becomes $0, so the flag shows in the command line; "; :" keeps bash alive)
            fakeNspawn = new ProcessBuilder("/bin/bash", "-c", "exec -a systemd-nspawn /bin/bash -c 'sleep 600; :' "
                    + "--machine=" + HostNetwork.netns(id, 1)).start();
            awaitCommandLine(fakeNspawn, "systemd-nspawn");

            List<String> removed = DebianHosts.cleanupLeftovers();

            assertThat(removed).contains("run " + id);
            assertThat(HostNetwork.netnsList()).doesNotContain(HostNetwork.netns(id, 1));
            assertThat(HostNetwork.links()).doesNotContain(HostNetwork.veth(id, 1));
            assertThat(Mounts.under(RunRegistry.HOSTS_ROOT.resolve(id))).isEmpty();
            assertThat(RunRegistry.HOSTS_ROOT.resolve(id)).doesNotExist();
            assertThat(runDir).doesNotExist();
            assertThat(fakeNspawn.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            if (fakeNspawn != null) {
                fakeNspawn.destroyForcibly();
            }
            new ProcessBuilder("umount", hostDir.resolve("merged").toString()).start().waitFor();
            new ProcessBuilder("ip", "netns", "del", HostNetwork.netns(id, 1)).start().waitFor();
            deleteIfPresent(runDir);
            deleteIfPresent(RunRegistry.HOSTS_ROOT.resolve(id));
        }
    }

    @Test
    void runOfALiveOwnerIsKept() throws Exception {
        String id = freshRunId();
        Path runDir = RunRegistry.RUNS_ROOT.resolve(id);
        try {
            Files.createDirectories(runDir);
            Files.writeString(runDir.resolve("owner.pid"), RunRegistry.ownerLine(ProcessHandle.current()));
            run("ip", "netns", "add", HostNetwork.netns(id, 1));

            List<String> removed = DebianHosts.cleanupLeftovers();

            assertThat(removed).noneMatch(r -> r.contains(id));
            assertThat(HostNetwork.netnsList()).contains(HostNetwork.netns(id, 1));
            assertThat(runDir.resolve("owner.pid")).exists();
        } finally {
            new ProcessBuilder("ip", "netns", "del", HostNetwork.netns(id, 1)).start().waitFor();
            deleteIfPresent(runDir);
        }
    }

    @Test
    void namespaceWithoutAnyRunRecordIsRemoved() throws Exception {
        String id = freshRunId();
        try {
            run("ip", "netns", "add", HostNetwork.netns(id, 2));
            assertThat(DebianHosts.cleanupLeftovers()).contains("netns " + HostNetwork.netns(id, 2));
            assertThat(HostNetwork.netnsList()).doesNotContain(HostNetwork.netns(id, 2));
        } finally {
            new ProcessBuilder("ip", "netns", "del", HostNetwork.netns(id, 2)).start().waitFor();
        }
    }

    /** The owner line of a process that has exited. */
    private static String deadOwnerLine() throws Exception {
        Process p = new ProcessBuilder("true").start();
        ProcessHandle handle = p.toHandle();
        String line = RunRegistry.ownerLine(handle);
        p.waitFor();
        return line;
    }

    private static String freshRunId() {
        byte[] b = new byte[3];
        new SecureRandom().nextBytes(b);
        String id = HexFormat.of().formatHex(b);
        assertThat(RunRegistry.runIds()).doesNotContain(id);
        return id;
    }

    private static void awaitCommandLine(Process p, String first) throws Exception {
        Path cmdline = Path.of("/proc/" + p.pid() + "/cmdline");
        for (int i = 0; i < 100; i++) {
            if (Files.exists(cmdline)
                    && new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).startsWith(first + "\0")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("fake nspawn did not start: " + p.pid());
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
    }

    private static void deleteIfPresent(Path dir) throws Exception {
        if (Files.exists(dir) && Mounts.under(dir).isEmpty()) {
            HostFiles.deleteTree(dir);
        }
    }
}
