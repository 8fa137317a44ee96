package org.gardenos.remote.ssh;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.stream.Stream;
import org.gardenos.remote.ShellQuoting;
import org.gardenos.remote.ShellQuotingTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The command lines, as strings and run by the local POSIX sh with real coreutils. The non-root path is run
 * through a stand-in {@code sudo} (a script that insists on {@code -n} and runs the rest): real sudo over SSH is
 * tested against the nspawn hosts.
 */
class RemoteCommandLinesTest {
    @TempDir
    Path tmp;

    static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void rootRunsUnderShDashCBoundedByTimeout() {
        assertThat(RemoteCommandLines.asRoot("echo 'hi' $X", true, MINUTE))
                .isEqualTo("timeout -k 5 60 sh -c 'echo '\\''hi'\\'' $X'");
    }

    @Test
    void otherUsersRunThroughNonInteractiveSudoWithTimeoutInsideIt() {
        assertThat(RemoteCommandLines.asRoot("systemctl restart etcd", false, MINUTE))
                .isEqualTo("sudo -n timeout -k 5 60 sh -c 'systemctl restart etcd'");
    }

    @Test
    void timeoutIsRoundedUpToWholeSeconds() {
        assertThat(RemoteCommandLines.asRoot("true", true, Duration.ofMillis(1500))).startsWith("timeout -k 5 2 sh");
        assertThat(RemoteCommandLines.asRoot("true", true, Duration.ZERO)).startsWith("timeout -k 5 1 sh");
    }

    @Test
    void timeoutStopsTheWholeCommandAndReportsIt() throws Exception {
        Local r = runLocally(RemoteCommandLines.asRoot("sleep 30 & sleep 31; echo never", true, Duration.ofSeconds(1)),
                "", null);
        assertThat(r.exit).isEqualTo(RemoteCommandLines.TIMEOUT_EXIT);
        assertThat(r.stdout).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("org.gardenos.remote.ShellQuotingTest#nastyValues")
    void sudoWrappingKeepsEveryWordIntact_throughSudoStandIn(String value) throws Exception {
        Path bin = ShellQuotingTest.fakeSudo(Files.createDirectories(tmp.resolve("bin")));
        String command = "printf %s " + ShellQuoting.quote(value);
        assertThat(ShellQuotingTest.sh(RemoteCommandLines.asRoot(command, false, MINUTE), bin)).isEqualTo(value);
    }

    @Test
    void uploadScriptMakesTheTempFileBeforeWritingAndRenamesLast() {
        String s = RemoteCommandLines.upload("/etc/gardenos/x.conf", 0640, "root:etcd");
        assertThat(s).startsWith("t=; trap 'rm -f -- \"$t\"; exit 143' HUP INT TERM; "
                + "mkdir -p -- '/etc/gardenos' && t=$(mktemp -- '/etc/gardenos/.x.conf.gardenos-XXXXXX')");
        assertThat(s.indexOf("mktemp")).isLessThan(s.indexOf("cat > \"$t\""));
        assertThat(s.indexOf("cat > \"$t\"")).isLessThan(s.indexOf("chown -- 'root:etcd' \"$t\""));
        assertThat(s.indexOf("chown")).isLessThan(s.indexOf("chmod -- 0640 \"$t\""));
        assertThat(s.indexOf("chmod")).isLessThan(s.indexOf("mv -f -T -- \"$t\" '/etc/gardenos/x.conf'"));
        assertThat(s).endsWith("|| { rc=$?; rm -f -- \"$t\"; exit \"$rc\"; }");
    }

    @Test
    void uploadScriptInTheRootDirectory() {
        assertThat(RemoteCommandLines.upload("/x", 0600, "root"))
                .contains("mkdir -p -- '/'").contains("mktemp -- '/.x.gardenos-XXXXXX'");
    }

    @Test
    void uploadScriptStoresStdinAtomicallyWithModeAndCreatesParents() throws Exception {
        Path target = tmp.resolve("a b/c'd/file.conf");
        Local r = runLocally(RemoteCommandLines.upload(target.toString(), 0640, currentUser()), "content\n", null);

        assertThat(r.exit).as(r.stderr).isZero();
        assertThat(Files.readString(target)).isEqualTo("content\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-r-----");
        assertThat(listing(target.getParent())).containsExactly("file.conf");
    }

    @Test
    void aStreamedUploadThatArrivesShortKeepsTheOldFile() throws Exception {
        Path target = tmp.resolve("sized/etcd");
        assertThat(runLocally(RemoteCommandLines.upload(target.toString(), 0755, currentUser(), 3), "old", null).exit)
                .isZero();
        Local r = runLocally(RemoteCommandLines.upload(target.toString(), 0755, currentUser(), 10), "trunc", null);

        assertThat(r.exit).isNotZero();
        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(listing(target.getParent())).containsExactly("etcd");
    }

    @Test
    void uploadScriptOverwritesThroughSudoStandIn() throws Exception {
        Path bin = ShellQuotingTest.fakeSudo(Files.createDirectories(tmp.resolve("bin")));
        Path target = tmp.resolve("etc/app.env");
        String script = RemoteCommandLines.asRoot(RemoteCommandLines.upload(target.toString(), 0600, currentUser()), false, MINUTE);

        assertThat(runLocally(script, "first", bin).exit).isZero();
        assertThat(runLocally(script, "second", bin).exit).isZero();
        assertThat(Files.readString(target)).isEqualTo("second");
        assertThat(listing(target.getParent())).containsExactly("app.env");
    }

    @Test
    void failedUploadKeepsTheOldFileAndRemovesTheTempFile() throws Exception {
        Path target = tmp.resolve("keep/file");
        assertThat(runLocally(RemoteCommandLines.upload(target.toString(), 0644, currentUser()), "old", null).exit).isZero();

        Local r = runLocally(RemoteCommandLines.upload(target.toString(), 0644, "no-such-user-gardenos"), "new", null);

        assertThat(r.exit).isNotZero();
        assertThat(r.stderr).contains("chown");
        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(listing(target.getParent())).containsExactly("file");
    }

    @Test
    void uploadStoppedByTimeoutRemovesItsTempFile() throws Exception {
        Path target = tmp.resolve("slow/file");
        // content that never ends: cat waits for stdin until timeout sends TERM
        String script = RemoteCommandLines.asRoot(RemoteCommandLines.upload(target.toString(), 0644, currentUser()),
                true, Duration.ofSeconds(1));
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", script);
        Process p = pb.start();
        p.getOutputStream().write("partial".getBytes(UTF_8));
        p.getOutputStream().flush();
        int exit = p.waitFor();
        p.getOutputStream().close();

        assertThat(exit).isEqualTo(RemoteCommandLines.TIMEOUT_EXIT);
        assertThat(target).doesNotExist();
        assertThat(listing(target.getParent())).isEmpty();
    }

    @Test
    void uploadOntoADirectoryFailsInsteadOfMovingIntoIt() throws Exception {
        Path target = Files.createDirectories(tmp.resolve("isdir"));
        Local r = runLocally(RemoteCommandLines.upload(target.toString(), 0644, currentUser()), "x", null);
        assertThat(r.exit).isNotZero();
        assertThat(listing(target)).isEmpty();
        assertThat(listing(tmp)).containsExactly("isdir");
    }

    @Test
    void readScriptPrintsTheFileOrExitsWithTheMissingCode() throws Exception {
        Path file = Files.writeString(tmp.resolve("it's here"), "data");
        assertThat(runLocally(RemoteCommandLines.read(file.toString()), "", null).stdout).isEqualTo("data");
        assertThat(runLocally(RemoteCommandLines.read(tmp.resolve("missing").toString()), "", null).exit)
                .isEqualTo(RemoteCommandLines.READ_MISSING_EXIT);
    }

    @Test
    void refusesPathsModesAndOwnersThatCannotBeRight() {
        assertThatThrownBy(() -> RemoteCommandLines.upload("relative/file", 0644, "root"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("relative/file");
        assertThatThrownBy(() -> RemoteCommandLines.upload("/etc/dir/", 0644, "root"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RemoteCommandLines.upload("/etc/x", 010000, "root"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10000");
        assertThatThrownBy(() -> RemoteCommandLines.upload("/etc/x", -1, "root"))
                .isInstanceOf(IllegalArgumentException.class);
        for (String owner : new String[] {"", "root etcd", "root;id", "a:b:c", ":grp", null}) {
            assertThatThrownBy(() -> RemoteCommandLines.upload("/etc/x", 0644, owner))
                    .as("owner %s", owner).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(RemoteCommandLines.modeString(04755)).isEqualTo("4755");
        assertThat(RemoteCommandLines.modeString(0600)).isEqualTo("0600");
    }

    private record Local(int exit, String stdout, String stderr) {
    }

    private static Local runLocally(String script, String stdin, Path extraPath) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", script);
        if (extraPath != null) {
            pb.environment().put("PATH", extraPath + ":" + System.getenv("PATH"));
        }
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), UTF_8);
        return new Local(p.waitFor(), out, err);
    }

    private static String currentUser() {
        return System.getProperty("user.name");
    }

    private static Stream<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    private static java.util.List<String> listing(Path dir) throws Exception {
        return names(dir).toList();
    }
}
