package org.gardenos.remote.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gardenos.remote.ssh.KnownHostsFile.Recorded;
import org.gardenos.testsupport.Prerequisites;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** known_hosts reading and appending, checked against OpenSSH's own ssh-keygen -F where it matters. */
class KnownHostsFileTest {
    @TempDir
    Path tmp;
    PublicKey keyA;
    PublicKey keyB;
    Path pubA;

    @BeforeEach
    void keys() throws Exception {
        Prerequisites.requireExecutable(LoopbackSshd.SSH_KEYGEN);
        pubA = LoopbackSshd.clientKey(tmp.resolve("keys"), "a", "ed25519", "").resolveSibling("a.pub");
        keyA = SshFingerprintsTest.readPublicKey(pubA);
        keyB = SshFingerprintsTest.readPublicKey(
                LoopbackSshd.clientKey(tmp.resolve("keys"), "b", "ed25519", "").resolveSibling("b.pub"));
    }

    @Test
    void hostPatternIsTheBareAddressOnPort22AndBracketedOtherwise() {
        assertThat(KnownHostsFile.hostPattern("10.0.0.5", 22)).isEqualTo("10.0.0.5");
        assertThat(KnownHostsFile.hostPattern("10.0.0.5", 2222)).isEqualTo("[10.0.0.5]:2222");
        assertThat(KnownHostsFile.hostPattern("Node-1.Example", 22)).isEqualTo("node-1.example");
    }

    @Test
    void recordingCreatesTheFileAndItsDirectoryPrivate() throws Exception {
        Path file = tmp.resolve("new-dir/known_hosts");

        assertThat(KnownHostsFile.recordIfNew(file, "10.0.0.5", keyA)).isEqualTo(Recorded.RECORDED);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        String[] pub = Files.readString(pubA).trim().split("\\s+");
        assertThat(Files.readAllLines(file)).containsExactly("10.0.0.5 " + pub[0] + " " + pub[1]);
    }

    @Test
    void port22EntriesAreFoundByOpenSsh() throws Exception {
        Path file = tmp.resolve("known_hosts");
        KnownHostsFile.recordIfNew(file, KnownHostsFile.hostPattern("10.0.0.5", 22), keyA);

        String found = LoopbackSshd.run(LoopbackSshd.SSH_KEYGEN.toString(), "-F", "10.0.0.5", "-f", file.toString());
        assertThat(found).contains("Host 10.0.0.5 found");
    }

    @Test
    void aKnownHostIsNeverRecordedAgain() throws Exception {
        Path file = tmp.resolve("known_hosts");
        assertThat(KnownHostsFile.recordIfNew(file, "[10.0.0.5]:2222", keyA)).isEqualTo(Recorded.RECORDED);
        String once = Files.readString(file);

        assertThat(KnownHostsFile.recordIfNew(file, "[10.0.0.5]:2222", keyA)).isEqualTo(Recorded.ALREADY_TRUSTED);
        assertThat(KnownHostsFile.recordIfNew(file, "[10.0.0.5]:2222", keyB)).isEqualTo(Recorded.CONFLICT);
        assertThat(Files.readString(file)).isEqualTo(once);
        assertThat(KnownHostsFile.recordIfNew(file, "[10.0.0.5]:2223", keyB)).as("another port is another host")
                .isEqualTo(Recorded.RECORDED);
    }

    @Test
    void appendsOnANewLineAndLeavesExistingContentAlone() throws Exception {
        Path file = Files.writeString(tmp.resolve("known_hosts"), "# my hosts\nother.example ssh-ed25519 AAAAbroken");

        KnownHostsFile.recordIfNew(file, "10.0.0.5", keyA);

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("# my hosts");
        assertThat(lines.get(1)).isEqualTo("other.example ssh-ed25519 AAAAbroken");
        assertThat(lines.get(2)).startsWith("10.0.0.5 ssh-ed25519 ");
    }

    @Test
    void hashedLinesHideTheHostAndOpenSshFindsThem() throws Exception {
        Path file = Files.writeString(tmp.resolve("known_hosts"), KnownHostsFile.hashedLine("[10.0.0.7]:2222", keyA) + "\n");

        assertThat(Files.readString(file)).startsWith("|1|").doesNotContain("10.0.0.7");
        assertThat(LoopbackSshd.run(LoopbackSshd.SSH_KEYGEN.toString(), "-F", "[10.0.0.7]:2222", "-f", file.toString()))
                .contains("found");
        assertThat(KnownHostsFile.recordIfNew(file, "[10.0.0.7]:2222", keyA)).isEqualTo(Recorded.ALREADY_TRUSTED);
        assertThat(KnownHostsFile.recordIfNew(file, "[10.0.0.7]:2222", keyB)).isEqualTo(Recorded.CONFLICT);
    }

    @Test
    void describesEveryRecordedKeyOfAHostWithOpenSshFingerprints() throws Exception {
        Path file = tmp.resolve("known_hosts");
        KnownHostsFile.recordIfNew(file, "10.0.0.5", keyA);
        KnownHostsFile.recordIfNew(file, "10.0.0.6", keyB);

        assertThat(KnownHostsFile.describeEntriesFor(KnownHostsFile.entries(file), "10.0.0.5"))
                .containsExactly("ssh-ed25519 " + LoopbackSshd.fingerprintOf(pubA));
        assertThat(KnownHostsFile.describeEntriesFor(KnownHostsFile.entries(file), "10.0.0.9")).isEmpty();
    }

    @Test
    void concurrentRecordersWriteOneEntryPerHost() throws Exception {
        Path file = tmp.resolve("known_hosts");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Recorded>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String host = "10.0.0." + (i % 4);
                results.add(pool.submit(() -> KnownHostsFile.recordIfNew(file, host, keyA)));
            }
            long recorded = 0;
            for (Future<Recorded> r : results) {
                recorded += r.get() == Recorded.RECORDED ? 1 : 0;
            }
            assertThat(recorded).isEqualTo(4);
        } finally {
            pool.shutdownNow();
        }
        assertThat(Files.readAllLines(file)).hasSize(4);
    }
}
