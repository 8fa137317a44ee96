package org.gardenos.remote.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gardenos.inventory.SshSettings;
import org.gardenos.remote.RemoteException;
import org.gardenos.remote.RemoteHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host that answers one command with about 300 MB (a real sshd on loopback running {@code head -c}), read by a
 * GardenOS client in a JVM limited to {@code -Xmx128m} (a forked java process, {@link Client}): the client gets
 * one clean line naming host and command, never an OutOfMemoryError, and the connection stays usable.
 */
class HugeOutputUnderSmallHeapTest {
    private static final long HUGE = 300_000_000L;

    @TempDir
    static Path tmp;
    static LoopbackSshd sshd;
    static Path key;
    static Path knownHosts;

    @BeforeAll
    static void startSshd() throws Exception {
        sshd = LoopbackSshd.start(tmp.resolve("sshd"), LoopbackSshd.DEFAULT_ADDRESS, "ed25519");
        key = SshFixtures.authorizedKey(sshd, tmp.resolve("client"), "id_ed25519", "ed25519", "");
        knownHosts = SshFixtures.knownHostsTrusting(tmp.resolve("known_hosts"), sshd, "ed25519");
    }

    @AfterAll
    static void stop() {
        if (sshd != null) {
            sshd.close();
        }
    }

    @Test
    void threeHundredMegabytesOnStdoutOrStderrAreAOneLineErrorUnderXmx128m() throws Exception {
        List<String> lines = runClient("head -c " + HUGE + " /dev/zero", "head -c " + HUGE + " /dev/zero >&2");

        assertThat(lines).noneMatch(l -> l.contains("OutOfMemoryError"));
        assertThat(lines).contains(
                "stdout-case: h1: command `head -c " + HUGE + " /dev/zero` wrote more than 16 MiB to stdout;"
                        + " GardenOS reads at most 16 MiB of one command's output (host output is untrusted), so it"
                        + " stopped reading and closed the command",
                "stderr-case: h1: command `head -c " + HUGE + " /dev/zero >&2` wrote more than 16 MiB to stderr;"
                        + " GardenOS reads at most 16 MiB of one command's output (host output is untrusted), so it"
                        + " stopped reading and closed the command",
                // the same connection still runs commands afterwards, and output below the cap arrives whole
                "after: 15728640");
    }

    /** Runs {@link Client} in {@code java -Xmx128m} with this test's class path; its output lines. */
    private static List<String> runClient(String... commands) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), Client.class.getName(),
                sshd.address(), String.valueOf(sshd.port()), key.toString(), knownHosts.toString()));
        args.addAll(List.of(commands));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("client finished: %s", out).isTrue();
        assertThat(p.exitValue()).as("client exit; output:\n%s", out).isZero();
        return out.lines().toList();
    }

    /** The client side, in the small-heap JVM: one line per command, the error message or the byte count. */
    public static final class Client {
        public static void main(String[] a) throws Exception {
            SshSettings settings = new SshSettings("root", Integer.parseInt(a[1]), Path.of(a[2]), Path.of(a[3]),
                    Duration.ofSeconds(10), Duration.ofSeconds(120));
            try (var connector = new SshRemoteHostConnector(settings, HostKeyPolicy.STRICT, name -> null)) {
                RemoteHost remote = connector.connect(SshFixtures.host("h1", a[0]));
                String[] labels = {"stdout-case", "stderr-case"};
                for (int i = 4; i < a.length; i++) {
                    String label = labels[Math.min(i - 4, 1)];
                    try {
                        System.out.println(label + ": returned " + remote.exec(a[i]).stdout().length());
                    } catch (RemoteException e) {
                        System.out.println(label + ": " + e.getMessage());
                    } catch (OutOfMemoryError e) {
                        System.out.println(label + ": OutOfMemoryError");
                        System.exit(3);
                    }
                }
                System.out.println("after: " + remote.exec("head -c 15728640 /dev/zero | tr '\\0' x").stdout().length());
            }
        }
    }
}
