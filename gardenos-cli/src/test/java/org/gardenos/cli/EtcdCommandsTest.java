package org.gardenos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.AbstractModule;
import com.google.inject.Module;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gardenos.etcd.pki.EtcdPki;
import org.gardenos.standin.StandInConnector;
import org.gardenos.state.StateDir;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.gardenos.cli.command.ConnectorFactory;
import org.gardenos.cli.command.Confirmation;

/**
 * The etcd commands' own logic through the whole CLI: {@code etcd env} (pure render from the inventory and the
 * state dir's PKI), argument validation and the confirmation rule of {@code replace-member} and
 * {@code snapshot restore}, with a stand-in console ({@link StandInConfirmation}) and stand-in hosts
 * ({@link StandInConnector}). The operations themselves run against real etcd in {@code EtcdCommandsOnLocalEtcdTest}
 * and on real hosts in gardenos-etcd's EtcdLayerOnDebianHostsTest.
 */
class EtcdCommandsTest {
    @TempDir
    Path dir;
    Path stateDir;
    final StandInConnector connector = StandInConnector.succeedingHosts();

    @BeforeEach
    void files() throws IOException {
        Files.writeString(dir.resolve("id_ed25519"), "stand-in key, never read");
        Files.writeString(dir.resolve("known_hosts"), "");
        stateDir = dir.resolve("state");
        inventory("203.0.113.11", "203.0.113.12", "203.0.113.13", 2379, true);
    }

    private void inventory(String a1, String a2, String a3, int clientPort, boolean tls) throws IOException {
        Files.writeString(dir.resolve("gardenos.yaml"), """
                cluster: garden
                ssh:
                  privateKey: id_ed25519
                  knownHosts: known_hosts
                etcd:
                  clientPort: %d
                  tls: %s
                hosts:
                  - name: node-1
                    address: %s
                    roles: [etcd, server]
                  - name: node-2
                    address: %s
                    roles: [etcd, server]
                  - name: node-3
                    address: %s
                    roles: [etcd, server]
                  - name: worker-1
                    address: 203.0.113.21
                    roles: [agent]
                """.formatted(clientPort, tls, a1, a2, a3));
    }

    private EtcdPki pki() {
        return EtcdPki.ensure(StateDir.open(stateDir), List.of());
    }

    private CliRun gardenos(Confirmation confirmation, String... args) {
        Module standIns = new AbstractModule() {
            @Override
            protected void configure() {
                bind(ConnectorFactory.class).toInstance((inv, acceptNew) -> connector);
                bind(Confirmation.class).toInstance(confirmation);
            }
        };
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-f", dir.resolve("gardenos.yaml").toString(), "--state-dir", stateDir.toString()));
        return CliRun.run(Map.of(), cli -> { }, new Module[] {standIns}, all.toArray(String[]::new));
    }

    private CliRun gardenos(String... args) {
        return gardenos(new StandInConfirmation(false, false), args);
    }

    @Test
    void envPrintsExportsWithPathsIntoTheStateDirAndNoKeyMaterial() {
        EtcdPki pki = pki();
        Path state = stateDir.toAbsolutePath().normalize();

        CliRun run = gardenos("etcd", "env");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("""
                export ETCDCTL_API=3
                export ETCDCTL_ENDPOINTS='https://203.0.113.11:2379,https://203.0.113.12:2379,https://203.0.113.13:2379'
                export ETCDCTL_CACERT='%s'
                export ETCDCTL_CERT='%s'
                export ETCDCTL_KEY='%s'
                """.formatted(pki.caCert(), state.resolve("etcd/pki/clients/gardenos.crt"),
                state.resolve("etcd/pki/clients/gardenos.key")));
        assertThat(run.out()).doesNotContain("PRIVATE KEY");
        assertThat(connector.connects()).isEmpty();
    }

    @Test
    void envJsonHasTheSameVariables() throws Exception {
        pki();
        CliRun run = gardenos("-o", "json", "etcd", "env");
        JsonNode doc = new ObjectMapper().readTree(run.out());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(doc.get("ETCDCTL_API").asText()).isEqualTo("3");
        assertThat(doc.get("ETCDCTL_ENDPOINTS").asText()).isEqualTo(
                "https://203.0.113.11:2379,https://203.0.113.12:2379,https://203.0.113.13:2379");
        assertThat(doc.get("ETCDCTL_KEY").asText()).endsWith("etcd/pki/clients/gardenos.key");
    }

    @Test
    void envWithoutTlsExportsOnlyTheEndpoints() throws IOException {
        inventory("203.0.113.11", "203.0.113.12", "203.0.113.13", 12379, false);

        CliRun run = gardenos("etcd", "env");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("""
                export ETCDCTL_API=3
                export ETCDCTL_ENDPOINTS='http://203.0.113.11:12379,http://203.0.113.12:12379,http://203.0.113.13:12379'
                """);
    }

    @Test
    void envWithoutThePkiIsBadInputAndMakesNoNewCa() {
        CliRun run = gardenos("etcd", "env");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().toList()).singleElement().satisfies(line -> assertThat(line)
                .contains("etcd/pki/ca.crt").contains("--state-dir"));
        assertThat(stateDir).doesNotExist();
    }

    @Test
    void etcdAloneIsBadUsage() {
        CliRun run = gardenos("etcd");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required subcommand").contains("gardenos etcd --help");
    }

    @Test
    void replaceMemberOfAHostThatIsNotAnEtcdHostIsBadInput() {
        pki();
        StandInConfirmation console = new StandInConfirmation(true, true);

        CliRun unknown = gardenos(console, "etcd", "replace-member", "node-9");
        CliRun agent = gardenos(console, "etcd", "replace-member", "worker-1", "--yes");

        assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(2);
        assertThat(unknown.err().lines().toList()).singleElement().satisfies(line -> assertThat(line)
                .contains("'node-9' is not an etcd host").contains("etcd hosts are node-1, node-2, node-3"));
        assertThat(agent.exitCode()).isEqualTo(2);
        assertThat(agent.err()).contains("'worker-1' is not an etcd host");
        assertThat(console.questions()).isEmpty();
        assertThat(connector.connects()).isEmpty();
    }

    @Test
    void replaceMemberWithoutConsoleAndWithoutYesIsBadInputWithAHint() {
        pki();
        CliRun run = gardenos(new StandInConfirmation(false, true), "etcd", "replace-member", "node-2");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err().lines().toList()).singleElement().satisfies(line -> assertThat(line)
                .contains("etcd replace-member: needs confirmation").contains("add --yes"));
        assertThat(connector.connects()).isEmpty();
    }

    @Test
    void replaceMemberNotConfirmedChangesNothingAndExitsOne() {
        pki();
        StandInConfirmation console = new StandInConfirmation(true, false);

        CliRun run = gardenos(console, "etcd", "replace-member", "node-2");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(console.questions()).singleElement().satisfies(q -> assertThat(q)
                .contains("Replace etcd member 'node-2' of cluster 'garden'"));
        assertThat(run.err()).contains("etcd replace-member: not confirmed; nothing was changed");
        assertThat(run.out()).isEmpty();
        assertThat(connector.connects()).isEmpty();
    }

    @Test
    void replaceMemberConfirmedRunsTheOperationWhichRefusesWithoutQuorum() throws IOException {
        // nothing listens on these loopback endpoints: the operation starts, sees no quorum and refuses
        int port = freePort();
        inventory("127.0.0.201", "127.0.0.202", "127.0.0.203", port, true);
        pki();
        StandInConfirmation console = new StandInConfirmation(true, true);

        CliRun run = gardenos(console, "etcd", "replace-member", "node-2", "--timeout", "5");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(console.questions()).hasSize(1);
        assertThat(run.err().lines().toList()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("error: replace-member node-2: the other members hold no quorum")
                .contains("restore from a snapshot instead"));
        assertThat(connector.connects()).as("no host touched").isEmpty();
    }

    @Test
    void restoreOfAMissingFileIsBadInput() {
        pki();
        CliRun run = gardenos("etcd", "snapshot", "restore", dir.resolve("nope.db").toString(), "--yes");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().toList()).containsExactly(dir.resolve("nope.db") + ": no such snapshot file");
    }

    @Test
    void restoreOfACorruptedFileFailsBeforeAskingOrTouchingAHost() throws Exception {
        pki();
        Path snapshot = snapshotFile();
        byte[] bytes = Files.readAllBytes(snapshot);
        bytes[100] ^= 0x55;
        Files.write(snapshot, bytes);
        StandInConfirmation console = new StandInConfirmation(true, true);

        CliRun run = gardenos(console, "etcd", "snapshot", "restore", snapshot.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("fails its integrity hash").doesNotContain("\tat ");
        assertThat(console.questions()).isEmpty();
        assertThat(connector.connects()).isEmpty();
    }

    @Test
    void restoreWithoutConsoleAndWithoutYesIsBadInput() throws Exception {
        pki();
        CliRun run = gardenos(new StandInConfirmation(false, true), "etcd", "snapshot", "restore",
                snapshotFile().toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("etcd snapshot restore: needs confirmation").contains("add --yes");
        assertThat(connector.connects()).isEmpty();
    }

    @Test
    void restoreNotConfirmedNamesEveryMemberAndChangesNothing() throws Exception {
        pki();
        Path snapshot = snapshotFile();
        StandInConfirmation console = new StandInConfirmation(true, false);

        CliRun run = gardenos(console, "etcd", "snapshot", "restore", snapshot.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(console.questions()).singleElement().satisfies(q -> assertThat(q)
                .contains("Restore etcd of cluster 'garden' from " + snapshot)
                .contains("node-1, node-2, node-3").contains("writes made since it was taken are lost"));
        assertThat(run.err()).contains("not confirmed; nothing was changed");
        assertThat(connector.connects()).isEmpty();
    }

    @Test
    void aTimeoutBelowOneSecondIsBadInput() {
        pki();
        CliRun run = gardenos("etcd", "defrag", "--timeout", "0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--timeout: 0");
    }

    @Test
    void helpOfEachCommandStatesItsExitCodes() {
        for (String[] cmd : List.of(new String[] {"etcd", "env"}, new String[] {"etcd", "snapshot", "save"},
                new String[] {"etcd", "snapshot", "restore"}, new String[] {"etcd", "replace-member"},
                new String[] {"etcd", "defrag"})) {
            List<String> args = new ArrayList<>(List.of(cmd));
            args.add("--help");
            CliRun run = CliRun.run(args.toArray(String[]::new));
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).startsWith("Usage: gardenos " + String.join(" ", cmd));
        }
    }

    /** The shape etcd gives a snapshot: a bbolt meta page (magic 0xED0CDAED) and the SHA-256 of what precedes. */
    private Path snapshotFile() throws Exception {
        ByteBuffer db = ByteBuffer.allocate(8192).order(ByteOrder.LITTLE_ENDIAN);
        db.putInt(16, 0xED0CDAED);
        byte[] body = db.array();
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
        byte[] file = new byte[body.length + hash.length];
        System.arraycopy(body, 0, file, 0, body.length);
        System.arraycopy(hash, 0, file, body.length, hash.length);
        return Files.write(dir.resolve("etcd.db"), file);
    }

    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.201"))) {
                port = s.getLocalPort();
            }
            if (free("127.0.0.202", port) && free("127.0.0.203", port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port on 127.0.0.201-203");
    }

    private static boolean free(String address, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(address, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
