package org.gardenos.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.gardenos.engine.Change;
import org.gardenos.engine.ChangeAction;
import org.gardenos.engine.Target;
import org.gardenos.remote.RemoteCommandException;
import org.gardenos.remote.ShellQuoting;
import org.gardenos.standin.InMemoryHostStandIn;
import org.gardenos.standin.TestInventories;
import org.junit.jupiter.api.Test;

class RemoteFileTest {
    private final InMemoryHostStandIn host = new InMemoryHostStandIn("node-1", "127.0.0.11");
    private final Target target = new Target(TestInventories.host("node-1", "127.0.0.11"), host,
            TestInventories.nodes(1), null);
    private final RemoteFile file = RemoteFile.text("/etc/gardenos/token", "s3cret-token\n", 0600, "root:root");

    @Test
    void missingFileIsCreatedWithModeAndOwner() {
        Change change = file.check(target);
        assertThat(change.action()).isEqualTo(ChangeAction.CREATE);
        file.apply(target, change);
        assertThat(host.file("/etc/gardenos/token")).hasValueSatisfying(f -> {
            assertThat(f.text()).isEqualTo("s3cret-token\n");
            assertThat(f.mode()).isEqualTo(0600);
            assertThat(f.user()).isEqualTo("root");
        });
        assertThat(file.check(target).isNone()).isTrue();
    }

    /** Issue 13: a local file with a known hash is compared by that hash, never read for a check. */
    @Test
    void aLocalFileIsComparedByItsKnownHashAndUploadedFromDisk(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        byte[] binary = "ELF pretend".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.nio.file.Path local = java.nio.file.Files.write(dir.resolve("etcd"), binary);
        RemoteFile etcd = RemoteFile.ofLocal("/usr/local/bin/etcd",
                new org.gardenos.artifact.HashedFile(local, binary.length, FileProbe.sha256Hex(binary)), 0755, "root:root");

        Change change = etcd.check(target);
        assertThat(change.action()).isEqualTo(ChangeAction.CREATE);
        assertThat(change.detail()).contains("11 bytes");
        etcd.apply(target, change);
        assertThat(host.file("/usr/local/bin/etcd")).hasValueSatisfying(f -> {
            assertThat(f.content()).isEqualTo(binary);
            assertThat(f.mode()).isEqualTo(0755);
        });

        java.nio.file.Files.delete(local);
        assertThat(etcd.check(target).isNone()).as("no local read: the hash is known").isTrue();
        RemoteFile wrongHash = RemoteFile.ofLocal("/usr/local/bin/etcd",
                new org.gardenos.artifact.HashedFile(local, binary.length, "0".repeat(64)), 0755, "root:root");
        assertThat(wrongHash.check(target).action()).isEqualTo(ChangeAction.UPDATE);
    }

    @Test
    void sameContentIsNotTouchedWhateverItsAge() {
        host.put("/etc/gardenos/token", "s3cret-token\n", 0600, "root:root");
        assertThat(file.check(target).isNone()).isTrue();
        assertThat(host.commands()).hasSize(1).allMatch(c -> c.contains("sha256sum") && c.contains("stat -c"));
    }

    @Test
    void differentContentIsRewrittenAndTheDetailNeverShowsContent() {
        host.put("/etc/gardenos/token", "old-token\n", 0644, "root:root");
        Change change = file.check(target);
        assertThat(change.action()).isEqualTo(ChangeAction.UPDATE);
        assertThat(change.detail()).contains("content differs", "mode 0644 -> 0600").doesNotContain("token");
        file.apply(target, change);
        assertThat(host.uploads()).containsExactly("/etc/gardenos/token");
        assertThat(host.text("/etc/gardenos/token")).isEqualTo("s3cret-token\n");
    }

    @Test
    void onlyAttributesDriftedMeansChmodAndChownWithoutRewriting() {
        host.put("/etc/gardenos/token", "s3cret-token\n", 0644, "etcd:etcd");
        Change change = file.check(target);
        assertThat(change).isEqualTo(Change.of(ChangeAction.FIX_ATTRIBUTES, "mode 0644 -> 0600, owner etcd:etcd -> root:root"));
        file.apply(target, change);
        assertThat(host.uploads()).isEmpty();
        assertThat(host.commands()).contains("chmod 0600 '/etc/gardenos/token' && chown root:root '/etc/gardenos/token'");
        assertThat(file.check(target).isNone()).isTrue();
    }

    @Test
    void unreadableFileFailsWithTheCommandAndItsStderr() {
        host.on(c -> c.contains("sha256sum"), c -> host.result(c, 1, "", "sha256sum: -: Permission denied"));
        assertThatThrownBy(() -> file.check(target)).isInstanceOf(RemoteCommandException.class)
                .hasMessageContaining("node-1: command `f='/etc/gardenos/token'")
                .hasMessageContaining("exited 1: sha256sum: -: Permission denied");
    }

    @Test
    void rejectsArgumentsThatWouldBreakCommands() {
        assertThatThrownBy(() -> RemoteFile.text("etc/relative", "", 0644, "root")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RemoteFile.text("/etc/x", "", 0644, "root; rm -rf /")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RemoteFile.text("/etc/x", "", 010000, "root")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pathsWithQuotesAreQuotedForTheShell() {
        assertThat(ShellQuoting.quote("/srv/it's")).isEqualTo("'/srv/it'\\''s'");
        assertThat(FileProbe.command("/srv/a b")).startsWith("f='/srv/a b'; ");
    }

    @Test
    void afterWriteCommandRunsOnlyWhenTheFileWasWritten() {
        RemoteFile unit = RemoteFile.text("/etc/systemd/system/x.service", "[Unit]\n", 0644, "root:root")
                .withAfterWrite("systemctl daemon-reload");
        host.on("systemctl daemon-reload"::equals, c -> host.result(c, 0, "", ""));
        unit.apply(target, unit.check(target));
        assertThat(host.nonProbeCommands()).containsExactly("systemctl daemon-reload");
        assertThat(unit.check(target).isNone()).isTrue();
        assertThat(host.nonProbeCommands()).containsExactly("systemctl daemon-reload");
        assertThatThrownBy(() -> unit.withAfterWrite("a\nb")).isInstanceOf(IllegalArgumentException.class);
    }
}
