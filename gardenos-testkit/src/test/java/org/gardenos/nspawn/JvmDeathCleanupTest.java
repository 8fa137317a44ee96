package org.gardenos.nspawn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.gardenos.testkit.Prerequisites;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A JVM that started a host is killed with SIGKILL (no shutdown hook runs): its container, overlay mount, namespace
 * and directories stay behind until {@link DebianHosts#cleanupLeftovers()}, which removes all of them. A JVM that
 * exits normally without closing its hosts removes them in its shutdown hook.
 */
class JvmDeathCleanupTest {
    /** The JVM that gets killed: starts one host, says so, waits. */
    public static final class Owner {
        public static void main(String[] args) throws Exception {
            DebianHosts hosts = DebianHosts.builder().count(1).namePrefix("doomed").build().start();
            System.out.println("STARTED " + hosts.runId());
            System.out.flush();
            if (args.length > 0 && args[0].equals("exit")) {
                System.exit(0); // a normal exit without close(): the shutdown hook has to clean up
            }
            Thread.sleep(600_000);
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // guards against a hung owner JVM, not a timing assertion
    void leftoversOfAKilledJvmAreRemoved() throws Exception {
        Prerequisites.require(DebianHosts.missingPrerequisites().isEmpty(),
                "Debian test hosts need: " + DebianHosts.missingPrerequisites());
        String java = ProcessHandle.current().info().command().orElse("java");
        Process owner = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Owner.class.getName())
                .redirectErrorStream(true).start();
        String runId;
        try {
            runId = awaitStarted(owner);
        } finally {
            owner.destroyForcibly(); // SIGKILL: no shutdown hook, no close()
            owner.waitFor();
        }
        String machine = HostNetwork.netns(runId, 1);
        Path hostsDir = RunRegistry.HOSTS_ROOT.resolve(runId);
        assertThat(HostNetwork.netnsList()).contains(machine);
        assertThat(Container.processesOfRun(runId)).hasSize(1);
        assertThat(Mounts.under(hostsDir)).isNotEmpty();

        DebianHosts.cleanupLeftovers();

        assertThat(Container.processesOfRun(runId)).isEmpty();
        assertThat(Mounts.under(hostsDir)).isEmpty();
        assertThat(HostNetwork.netnsList()).doesNotContain(machine);
        assertThat(HostNetwork.links()).doesNotContain(HostNetwork.veth(runId, 1));
        assertThat(Container.nspawnStateDirs(runId)).isEmpty();
        assertThat(hostsDir).doesNotExist();
        assertThat(RunRegistry.RUNS_ROOT.resolve(runId)).doesNotExist();
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aJvmExitingWithoutCloseRemovesItsHostsInTheShutdownHook() throws Exception {
        Prerequisites.require(DebianHosts.missingPrerequisites().isEmpty(),
                "Debian test hosts need: " + DebianHosts.missingPrerequisites());
        String java = ProcessHandle.current().info().command().orElse("java");
        Process owner = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Owner.class.getName(),
                "exit").redirectErrorStream(true).start();
        String runId = awaitStarted(owner);
        owner.getInputStream().transferTo(OutputStream.nullOutputStream());
        assertThat(owner.waitFor()).isZero();

        assertThat(Container.processesOfRun(runId)).isEmpty();
        assertThat(HostNetwork.netnsList()).doesNotContain(HostNetwork.netns(runId, 1));
        assertThat(Mounts.under(RunRegistry.HOSTS_ROOT.resolve(runId))).isEmpty();
        assertThat(RunRegistry.HOSTS_ROOT.resolve(runId)).doesNotExist();
        assertThat(RunRegistry.RUNS_ROOT.resolve(runId)).doesNotExist();
    }

    private static String awaitStarted(Process owner) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("STARTED ")) {
                return line.substring("STARTED ".length()).strip();
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("the owner JVM ended before starting its host:\n" + seen);
    }

}
