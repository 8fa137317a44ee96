package org.gardenos.resources;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.gardenos.engine.Change;
import org.gardenos.engine.ChangeAction;
import org.gardenos.engine.Target;
import org.gardenos.standin.InMemoryHostStandIn;
import org.gardenos.standin.TestInventories;
import org.junit.jupiter.api.Test;

/** ServiceRunning and SystemdUnit against scripted systemctl answers (a stand-in, not systemd). */
class ServiceRunningTest {
    private final InMemoryHostStandIn host = new InMemoryHostStandIn("node-1", "127.0.0.11");
    private final Target target = new Target(TestInventories.host("node-1", "127.0.0.11"), host, TestInventories.nodes(1), null);
    private final ServiceRunning service = new ServiceRunning("etcd.service", List.of("/etc/etcd/etcd.conf.yml"));

    private void systemd(String enabled, String active, String inputs, String stamp) {
        host.on(c -> c.equals(service.probeCommand()), c -> host.result(c, 0,
                "UnitFileState=" + enabled + "\nActiveState=" + active + "\ninputs=" + inputs + "\nstamp=" + stamp + "\n", ""));
        // the probe starts with "systemctl show" too: only the enable, start and restart commands are answered here
        host.on(c -> !c.equals(service.probeCommand()) && (c.startsWith("systemctl ")
                || c.startsWith("mkdir -p /var/lib/gardenos")), c -> host.result(c, 0, "", ""));
    }

    @Test
    void runningWithUnchangedInputsIsOk() {
        systemd("enabled", "active", "abc", "abc");
        assertThat(service.check(target).isNone()).isTrue();
    }

    @Test
    void aServiceStillReloadingCountsAsRunning() {
        // haproxy reports "reloading" for a moment after `systemctl reload`; starting it would be a spurious change
        systemd("enabled", "reloading", "abc", "abc");
        assertThat(service.check(target).isNone()).isTrue();
    }

    @Test
    void changedInputsRestartAndRecordTheNewHash() {
        systemd("enabled", "active", "new", "old");
        Change change = service.check(target);
        assertThat(change.action()).isEqualTo(ChangeAction.RESTART);
        service.apply(target, change);
        assertThat(host.commands()).contains("systemctl restart etcd.service").noneMatch(c -> c.contains("systemctl start"));
        assertThat(host.commands()).anyMatch(c -> c.contains("printf '%s\\n' 'new' > '/var/lib/gardenos/restart-stamps/etcd.service.sha256'.tmp"));
    }

    @Test
    void stoppedAndDisabledIsEnabledAndStartedNotRestarted() {
        systemd("disabled", "inactive", "new", "");
        Change change = service.check(target);
        assertThat(change.action()).isEqualTo(ChangeAction.ENABLE_START);
        service.apply(target, change);
        assertThat(host.commands()).contains("systemctl enable etcd.service", "systemctl start etcd.service")
                .doesNotContain("systemctl restart etcd.service");
    }

    /**
     * The probe run by this machine's {@code /bin/sh} with a {@code systemctl} first on PATH that logs each call and
     * answers as systemd's {@code show} does: one call answers both states (it took {@code is-enabled} and
     * {@code is-active} before, each a process and a call to systemd).
     */
    @Test
    void oneSystemctlCallAnswersBothStates(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path bin = java.nio.file.Files.createDirectories(dir.resolve("bin"));
        java.nio.file.Path systemctl = bin.resolve("systemctl");
        java.nio.file.Files.writeString(systemctl, "#!/bin/sh\necho \"$*\" >> '" + dir.resolve("calls") + "'\n"
                + "printf 'ActiveState=reloading\\nUnitFileState=static\\n'\n");
        assertThat(systemctl.toFile().setExecutable(true)).isTrue();
        ServiceRunning haproxy = new ServiceRunning("haproxy.service");
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", haproxy.probeCommand());
        builder.environment().put("PATH", bin + ":/usr/bin:/bin");
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).isZero();
        assertThat(java.nio.file.Files.readAllLines(dir.resolve("calls")))
                .containsExactly("show -p UnitFileState -p ActiveState -- haproxy.service");

        host.on(c -> c.equals(haproxy.probeCommand()), c -> host.result(c, 0, out, ""));
        assertThat(haproxy.check(target).isNone()).as("static and reloading: enabled and running").isTrue();

        java.nio.file.Files.writeString(systemctl, "#!/bin/sh\necho 'Failed to connect to bus' >&2; exit 1\n");
        Process noSystemd = builder.start();
        noSystemd.getOutputStream().close();
        assertThat(noSystemd.getInputStream().readAllBytes()).isEmpty();
        assertThat(noSystemd.waitFor()).as("no answer is a stopped, disabled unit, not a failed probe").isZero();
    }

    @Test
    void unitFileChangeIsFollowedByDaemonReload() {
        SystemdUnit unit = new SystemdUnit("etcd.service", "[Service]\nExecStart=/usr/local/bin/etcd\n");
        host.on(c -> c.startsWith(FileProbe.command(unit.path())), c -> host.result(c, 0, "absent\nreload=no\n", ""));
        host.on("systemctl daemon-reload"::equals, c -> host.result(c, 0, "", ""));
        Change change = unit.check(target);
        assertThat(change.action()).isEqualTo(ChangeAction.CREATE);
        unit.apply(target, change);
        assertThat(host.uploads()).containsExactly("/etc/systemd/system/etcd.service");
        assertThat(host.commands()).endsWith("systemctl daemon-reload");
    }

    @Test
    void unitUnchangedButNotLoadedOnlyReloads() {
        SystemdUnit unit = new SystemdUnit("etcd.service", "[Service]\n");
        host.on(c -> c.startsWith(FileProbe.command(unit.path())), c -> host.result(c, 0,
                FileProbe.sha256Hex("[Service]\n") + "  -\nstat=644:root:root\nreload=yes\n", ""));
        assertThat(unit.check(target).action()).isEqualTo(ChangeAction.DAEMON_RELOAD);
    }
}
