package org.gardenos.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.gardenos.artifact.ReleaseArtifact;
import org.gardenos.engine.Change;
import org.gardenos.engine.ChangeAction;
import org.gardenos.engine.Target;
import org.gardenos.etcd.pki.EtcdPki;
import org.gardenos.etcd.settings.EtcdSection;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.standin.InMemoryHostStandIn;
import org.gardenos.state.StateDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rotated member certificate and key are staged next to the live files, never written over them by the install
 * play (etcd reads the live pair at each handshake), and {@link EtcdMemberHost#PROMOTE_STAGED} moves both in, run
 * here by the local {@code sh} on a directory shaped like /etc/etcd/pki. That the roll-out then never loses quorum:
 * {@code EtcdAccessOnDebianHostsTest.rotateCertsThenApplyRollsNewCertificatesOutWithoutLosingQuorum}.
 */
class EtcdPkiFileStagingTest {
    @TempDir
    Path dir;

    private final HostSpec n1 = HostSpec.of("n1", "203.0.113.11", EtcdSection.ROLE);
    private final Inventory inventory = EtcdLayerPlaysTest.inventory(true, List.of(n1));
    private final EtcdPki.Member member = new EtcdPki.Member("n1", "203.0.113.11");

    @Test
    void aNewPairForALiveMemberIsStagedAndTheLiveFilesStayUntilTheRestart() throws Exception {
        StateDir state = StateDir.open(dir.resolve("state"));
        EtcdPki pki = EtcdPki.ensure(state, List.of(member));
        InMemoryHostStandIn host = new InMemoryHostStandIn("n1", "203.0.113.11").succeedUnscripted();
        EtcdRun run = new EtcdRun(inventory, ReleaseArtifact.withCache(dir.resolve("cache")), EtcdTimeouts.defaults(),
                Optional.empty());
        Target t = new Target(n1, host, inventory, state);
        EtcdPkiFile cert = new EtcdPkiFile(run, member, EtcdHostPaths.MEMBER_CERT, 0644, p -> p.member("n1").cert());
        EtcdPkiFile key = new EtcdPkiFile(run, member, EtcdHostPaths.MEMBER_KEY, 0600, p -> p.member("n1").key());

        // a new member: written in place, nothing staged
        for (EtcdPkiFile f : List.of(cert, key)) {
            Change c = f.check(t);
            assertThat(c.action()).isEqualTo(ChangeAction.CREATE);
            f.apply(t, c);
        }
        String oldCert = host.text(EtcdHostPaths.MEMBER_CERT);
        String oldKey = host.text(EtcdHostPaths.MEMBER_KEY);
        assertThat(host.file(EtcdHostPaths.MEMBER_CERT + EtcdPkiFile.NEXT)).isEmpty();

        // rotate-certs: the install play stages the new pair and leaves the live one alone
        EtcdPki.reissueLeaves(state, List.of(member));
        String newCert = Files.readString(pki.member("n1").cert());
        for (EtcdPkiFile f : List.of(cert, key)) {
            Change c = f.check(t);
            assertThat(c.action()).isEqualTo(ChangeAction.CREATE);
            assertThat(c.detail()).contains(EtcdPkiFile.NEXT);
            f.apply(t, c);
            assertThat(f.check(t).isNone()).as("staged: nothing more to do until the restart").isTrue();
        }
        assertThat(host.text(EtcdHostPaths.MEMBER_CERT)).isEqualTo(oldCert);
        assertThat(host.text(EtcdHostPaths.MEMBER_KEY)).isEqualTo(oldKey);
        assertThat(host.text(EtcdHostPaths.MEMBER_CERT + EtcdPkiFile.NEXT)).isEqualTo(newCert);
        assertThat(host.file(EtcdHostPaths.MEMBER_KEY + EtcdPkiFile.NEXT).orElseThrow().mode()).isEqualTo(0600);
        assertThat(host.file(EtcdHostPaths.MEMBER_KEY + EtcdPkiFile.NEXT).orElseThrow().user()).isEqualTo("etcd");
    }

    @Test
    void promoteStagedMovesEachStagedFileInAndLeavesTheOthers() throws Exception {
        Path pkiDir = Files.createDirectories(dir.resolve("etc/etcd/pki"));
        for (String f : List.of("member.crt", "member.key", "peer.crt", "peer.key")) {
            Files.writeString(pkiDir.resolve(f), "old " + f);
        }
        Files.writeString(pkiDir.resolve("member.crt" + EtcdPkiFile.NEXT), "new member.crt");
        Files.writeString(pkiDir.resolve("member.key" + EtcdPkiFile.NEXT), "new member.key");
        String script = EtcdMemberHost.PROMOTE_STAGED.replace("'" + EtcdHostPaths.PKI + "/", "'" + pkiDir + "/");

        Process p = new ProcessBuilder("sh", "-c", script + " && echo promoted").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).isEqualTo("promoted\n");
        assertThat(Files.readString(pkiDir.resolve("member.crt"))).isEqualTo("new member.crt");
        assertThat(Files.readString(pkiDir.resolve("member.key"))).isEqualTo("new member.key");
        assertThat(Files.readString(pkiDir.resolve("peer.crt"))).isEqualTo("old peer.crt");
        try (var files = Files.list(pkiDir)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(f -> f.endsWith(EtcdPkiFile.NEXT));
        }
    }
}
