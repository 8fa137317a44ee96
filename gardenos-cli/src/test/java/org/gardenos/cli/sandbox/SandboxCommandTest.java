package org.gardenos.cli.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Module;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.gardenos.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox commands' decisions, with the machine's facts and apt-get replaced by stand-ins. */
class SandboxCommandTest {
    @TempDir
    Path dir;
    final List<List<String>> installed = new ArrayList<>();

    private CliRun gardenos(List<SandboxPrerequisites> facts, String... args) {
        AtomicInteger calls = new AtomicInteger();
        MachineProbe probe = () -> facts.get(Math.min(calls.getAndIncrement(), facts.size() - 1));
        PackageInstaller installer = (packages, log) -> installed.add(packages);
        Module standIns = binder -> {
            binder.bind(MachineProbe.class).toInstance(probe);
            binder.bind(PackageInstaller.class).toInstance(installer);
        };
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--state-dir", dir.resolve("sandbox").toString()));
        return CliRun.run(Map.of(), cli -> { }, new Module[] {standIns}, all.toArray(String[]::new));
    }

    @Test
    void upWithoutRootSaysExactlyWhatIsMissingAndExits1() {
        CliRun run = gardenos(List.of(new SandboxPrerequisites(false, List.of("debootstrap"), true)), "sandbox", "up");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines().toList()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("error: the sandbox cannot run on this machine: not running as root")
                .contains("debootstrap (Debian package debootstrap)"));
        assertThat(installed).isEmpty();
    }

    @Test
    void upAsRootOnDebianInstallsTheMissingPackagesAndSaysWhich() {
        SandboxPrerequisites before = new SandboxPrerequisites(true, List.of("debootstrap", "systemd-nspawn"), true);
        // still missing afterwards (as when apt-get has no such package): the command stops there, exit 1
        SandboxPrerequisites after = new SandboxPrerequisites(true, List.of("systemd-nspawn"), true);

        CliRun run = gardenos(List.of(before, after), "sandbox", "up");

        assertThat(installed).containsExactly(List.of("debootstrap", "systemd-container"));
        assertThat(run.err()).startsWith("installing Debian packages: debootstrap systemd-container\n");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("error: the sandbox cannot run on this machine: missing commands: systemd-nspawn");
    }

    @Test
    void upOutsideDebianInstallsNothing() {
        CliRun run = gardenos(List.of(new SandboxPrerequisites(true, List.of("ip"), false)), "sandbox", "up");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(installed).isEmpty();
        assertThat(run.err()).contains("ip (Debian package iproute2)");
    }

    @Test
    void statusWithoutASandboxSaysSoAndExits1() throws Exception {
        CliRun table = gardenos(List.of(), "sandbox", "status");
        CliRun json = gardenos(List.of(), "sandbox", "status", "-o", "json");

        assertThat(table.exitCode()).isEqualTo(1);
        assertThat(table.out()).isEqualTo("The sandbox is not up (start it with: gardenos sandbox up).\n");
        assertThat(json.exitCode()).isEqualTo(1);
        assertThat(new ObjectMapper().readTree(json.out()).get("up").asBoolean()).isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("sandbox"))))
                .isEqualTo("rwx------");
    }

    @Test
    void downWithoutASandboxIsANoOp() {
        CliRun run = gardenos(List.of(), "sandbox", "down");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEqualTo("The sandbox is not up: nothing to remove.\n");
    }

    @Test
    void aStalePidFileDoesNotMakeASandbox() throws Exception {
        Path state = Files.createDirectories(dir.resolve("sandbox"));
        // pid 1 is alive but is not a sandbox keeper
        Files.writeString(state.resolve("sandbox.pid"), "1\n");
        Files.writeString(state.resolve("sandbox.ready"), "abc123\n");

        CliRun status = gardenos(List.of(), "sandbox", "status");
        CliRun down = gardenos(List.of(), "sandbox", "down");

        assertThat(status.exitCode()).isEqualTo(1);
        assertThat(down.exitCode()).isZero();
        assertThat(state.resolve("sandbox.pid")).doesNotExist();
    }
}
