package org.gardenos.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gardenos.engine.Change;
import org.gardenos.engine.ChangeAction;
import org.gardenos.engine.Target;
import org.gardenos.etcd.pki.EtcdPki;
import org.gardenos.standin.InMemoryHostStandIn;
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

    @Test
    void aNewPairForALiveMemberIsStagedAndTheLiveFilesStayUntilTheRestart() throws Exception {
        OneMemberOnStandIn m = OneMemberOnStandIn.in(dir);
        InMemoryHostStandIn host = m.host();
        Target t = m.target();
        EtcdPkiFile cert = m.memberCert();
        EtcdPkiFile key = m.memberKey();

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
        EtcdPki.reissueLeaves(m.state(), List.of(m.member()));
        String newCert = Files.readString(m.pki().member("n1").cert());
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
