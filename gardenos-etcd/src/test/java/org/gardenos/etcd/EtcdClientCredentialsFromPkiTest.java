package org.gardenos.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.gardenos.error.GardenException;
import org.gardenos.etcd.pki.EtcdPki;
import org.gardenos.etcd.settings.EtcdSection;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.pki.EtcdClientCredentials;
import org.gardenos.state.StateDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A layer that uses etcd (k3s, postgres) never makes the etcd CA and never issues anything during a plan (issue 9
 * item 8): {@code issued} tells it whether {@code client} would only read.
 */
class EtcdClientCredentialsFromPkiTest {
    @TempDir
    Path dir;

    private final EtcdClientCredentials etcd = new EtcdClientCredentialsFromPki();
    private final Inventory inventory = EtcdLayerPlaysTest.inventory(true, List.of(
            HostSpec.of("n1", "203.0.113.11", EtcdSection.ROLE)));

    @Test
    void onAFreshStateDirNothingIsIssuedAndNoCaIsMade() throws Exception {
        StateDir state = StateDir.open(dir.resolve("state"));

        assertThat(etcd.issued(state, inventory, "k3s")).isFalse();
        assertThatThrownBy(() -> etcd.client(state, inventory, "k3s")).isInstanceOf(GardenException.class)
                .hasMessage(state.resolve("etcd/pki/ca.crt") + " does not exist: the etcd CA is made by 'gardenos"
                        + " apply etcd' (after it checked that no host carries one), not by a layer that uses etcd;"
                        + " hint: apply etcd with this state directory first, or pass the --state-dir that set this"
                        + " cluster up");
        assertThat(files(state.root())).isEmpty();
    }

    @Test
    void withTheKeptPkiTheClientFilesAreReadAndNothingIsWritten() throws Exception {
        StateDir state = StateDir.open(dir.resolve("state"));
        EtcdPki.ensure(state, List.of(new EtcdPki.Member("n1", "203.0.113.11")));
        List<String> before = files(state.root());
        long modified = Files.getLastModifiedTime(state.resolve("etcd/pki/clients/k3s.key")).toMillis();

        assertThat(etcd.issued(state, inventory, "k3s")).isTrue();
        EtcdClientCredentials.ClientFiles files = etcd.client(state, inventory, "k3s");

        assertThat(files.key()).isEqualTo(state.resolve("etcd/pki/clients/k3s.key"));
        assertThat(files.caCert()).isEqualTo(state.resolve("etcd/pki/ca.crt"));
        assertThat(files(state.root())).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(files.key()).toMillis()).isEqualTo(modified);
    }

    @Test
    void aMissingClientCertificateIsIssuedFromTheKeptCa() throws Exception {
        StateDir state = StateDir.open(dir.resolve("state"));
        EtcdPki.ensure(state, List.of(new EtcdPki.Member("n1", "203.0.113.11")));
        String ca = Files.readString(state.resolve("etcd/pki/ca.crt"));
        Files.delete(state.resolve("etcd/pki/clients/patroni.crt"));

        assertThat(etcd.issued(state, inventory, "patroni")).isFalse();
        assertThat(etcd.client(state, inventory, "patroni").cert()).isRegularFile();
        assertThat(Files.readString(state.resolve("etcd/pki/ca.crt"))).isEqualTo(ca);
    }

    @Test
    void patroniLogsInByPasswordWhichIsOnlyReadNeverMadeAndTheCertificateClientsDoNot() throws Exception {
        StateDir state = StateDir.open(dir.resolve("state"));
        EtcdPki.ensure(state, List.of(new EtcdPki.Member("n1", "203.0.113.11")));

        assertThat(etcd.loginUser(inventory, "patroni")).contains("patroni");
        assertThat(etcd.loginUser(inventory, "k3s")).isEmpty();
        assertThat(etcd.login(state, inventory, "k3s")).isEmpty();
        assertThatThrownBy(() -> etcd.login(state, inventory, "patroni")).isInstanceOf(GardenException.class)
                .hasMessageContaining("etcd/passwords/patroni does not exist")
                .hasMessageContaining("hint: apply etcd with this state directory first");
        assertThat(state.resolve("etcd/passwords")).doesNotExist();

        String kept = new org.gardenos.etcd.access.EtcdPasswords(state).ensure("patroni");
        EtcdClientCredentials.ClientLogin login = etcd.login(state, inventory, "patroni").orElseThrow();
        assertThat(login.username()).isEqualTo("patroni");
        assertThat(login.password()).isEqualTo(kept).hasSize(32);
        assertThat(login.toString()).doesNotContain(kept).contains("redacted");
        assertThat(Files.getPosixFilePermissions(state.resolve("etcd/passwords/patroni")))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    private static List<String> files(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }
}
