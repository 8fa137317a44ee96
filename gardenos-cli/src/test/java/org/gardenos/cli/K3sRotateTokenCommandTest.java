package org.gardenos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.AbstractModule;
import com.google.inject.Module;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gardenos.cli.command.Confirmation;
import org.gardenos.cli.command.ConnectorFactory;
import org.gardenos.standin.InMemoryHostStandIn;
import org.gardenos.standin.StandInConnector;
import org.gardenos.state.StateDir;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gardenos k3s rotate-token} through the whole CLI: parsing, confirmation, refusals and output, with stand-in
 * hosts ({@link StandInConnector}) whose first server answers {@code k3s token rotate} by rewriting its token file.
 * What the rotation does on real hosts (with the K3s stand-in) and the apply after it:
 * {@code K3sTokenRotationOnStandInHostsTest} in gardenos-k3s.
 */
class K3sRotateTokenCommandTest {
    private static final String TOKEN_FILE = "/var/lib/rancher/k3s/server/token";
    private static final String CA_HASH = "ab".repeat(32);
    private static final String OLD = "O".repeat(48);
    private static final String NEW = "0123456789abcdef".repeat(2);

    @TempDir
    Path dir;
    Path stateDir;
    final StandInConnector connector = StandInConnector.succeedingHosts();

    @BeforeEach
    void files() throws Exception {
        TestInventoryFiles.threeNodes(dir);
        stateDir = dir.resolve("state");
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

    /** node-1 runs with the state dir's token and rotates it as K3s does when asked. */
    private InMemoryHostStandIn converged() {
        StateDir.open(stateDir).writeSecret("k3s/token", (OLD + "\n").getBytes(StandardCharsets.UTF_8));
        InMemoryHostStandIn first = connector.prepare("node-1");
        first.put(TOKEN_FILE, "K10" + CA_HASH + "::server:" + OLD + "\n", 0600, "root:root");
        first.on(c -> c.contains("'token' 'rotate'"), c -> {
            first.put(TOKEN_FILE, "K10" + CA_HASH + "::server:" + NEW + "\n", 0600, "root:root");
            return first.result(c, 0, "Token rotated, restart k3s nodes with new token\n", "");
        });
        return first;
    }

    @Test
    void rotatesOnTheFirstServerKeepsTheNewTokenAndPrintsNoToken() throws Exception {
        InMemoryHostStandIn first = converged();

        CliRun run = gardenos(new StandInConfirmation(false, false), "k3s", "rotate-token", "--yes");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(first.nonProbeCommands()).contains("'/usr/local/bin/k3s' 'token' 'rotate' '--server'"
                + " 'https://127.0.0.1:7443'");
        assertThat(Files.readString(stateDir.resolve("k3s/token")).strip()).isEqualTo(NEW);
        assertThat(Files.readString(stateDir.resolve("k3s/join-token")).strip())
                .isEqualTo("K10" + CA_HASH + "::server:" + NEW);
        assertThat(run.out()).startsWith("rotated the K3s server token on node-1; the new token is in "
                + stateDir.resolve("k3s/token") + " (mode 0600), the old one in " + stateDir.resolve("k3s")
                + "/token.before-").contains("\nnext: gardenos apply k3s");
        assertThat(run.out() + run.err()).doesNotContain(NEW).doesNotContain(OLD);
        assertThat(connector.connects()).containsOnly("node-1");
    }

    @Test
    void holdsTheFirstServersApplyLockWhileRotatingAndIsRefusedWhileAnotherRunHoldsIt() throws Exception {
        InMemoryHostStandIn first = converged();
        String holder = "/run/gardenos/apply.lock/holder";
        String other = "run=0f1e admin=other-admin pid=4242 started=2026-12-02T08:00:00Z";
        first.put(holder, other + "\n", 0600, "root:root");

        CliRun refused = gardenos(new StandInConfirmation(false, false), "k3s", "rotate-token", "--yes");

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err()).contains("node-1: another GardenOS apply holds /run/gardenos/apply.lock (" + other);
        assertThat(first.nonProbeCommands()).noneMatch(c -> c.contains("'token' 'rotate'"));
        assertThat(Files.readString(stateDir.resolve("k3s/token")).strip()).isEqualTo(OLD);

        first.exec("rm -rf /run/gardenos/apply.lock");
        CliRun rotated = gardenos(new StandInConfirmation(false, false), "k3s", "rotate-token", "--yes");

        assertThat(rotated.exitCode()).as(rotated.toString()).isZero();
        assertThat(first.nonProbeCommands()).anyMatch(c -> c.contains("if mkdir /run/gardenos/apply.lock"));
        assertThat(first.file(holder)).as("released after the rotation").isEmpty();
    }

    @Test
    void jsonNamesTheServerAndTheFiles() throws Exception {
        converged();

        CliRun run = gardenos(new StandInConfirmation(false, false), "k3s", "rotate-token", "--yes", "-o", "json");
        JsonNode doc = new ObjectMapper().readTree(run.out());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(doc.get("rotatedOn").asText()).isEqualTo("node-1");
        assertThat(doc.get("tokenFile").asText()).isEqualTo(stateDir.resolve("k3s/token").toString());
        assertThat(Files.readString(Path.of(doc.get("previousTokenFile").asText())).strip()).isEqualTo(OLD);
    }

    @Test
    void refusedWithoutAKeptTokenAndCreatesNoStateDir() {
        CliRun run = gardenos(new StandInConfirmation(true, true), "k3s", "rotate-token", "--yes");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("k3s/token does not exist: the k3s layer has not been applied with this state"
                + " directory");
        assertThat(stateDir).doesNotExist();
        assertThat(connector.connects()).isEmpty();
    }

    @Test
    void notConfirmedChangesNothingAndWithoutAConsoleNeedsYes() {
        InMemoryHostStandIn first = converged();
        StandInConfirmation no = new StandInConfirmation(true, false);

        CliRun declined = gardenos(no, "k3s", "rotate-token");
        CliRun noConsole = gardenos(new StandInConfirmation(false, false), "k3s", "rotate-token");

        assertThat(declined.exitCode()).isEqualTo(1);
        assertThat(declined.err()).contains("k3s rotate-token: not confirmed; nothing was changed");
        assertThat(no.questions()).singleElement().asString().startsWith("Rotate the K3s server token of cluster"
                + " 'garden'?");
        assertThat(noConsole.exitCode()).isEqualTo(2);
        assertThat(noConsole.err()).contains("k3s rotate-token: needs confirmation, but there is no console to ask"
                + " on; hint: add --yes");
        assertThat(first.nonProbeCommands()).isEmpty();
        assertThat(stateDir.resolve("k3s/join-token")).doesNotExist();
    }

    @Test
    void agentReplacesTheKeptAgentTokenAsksNothingAndTouchesNoHost() throws Exception {
        converged();
        StateDir state = StateDir.open(stateDir);
        state.writeSecret("k3s/agent-token", "B".repeat(48).getBytes(StandardCharsets.UTF_8));
        state.writeSecret("k3s/agent-join-token", ("K10" + CA_HASH + "::node:" + "B".repeat(48)).getBytes(
                StandardCharsets.UTF_8));
        StandInConfirmation console = new StandInConfirmation(true, false);

        CliRun run = gardenos(console, "k3s", "rotate-token", "--agent");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        String now = Files.readString(stateDir.resolve("k3s/agent-token")).strip();
        assertThat(now).hasSize(48).matches("[A-Za-z0-9]+").isNotEqualTo("B".repeat(48));
        assertThat(stateDir.resolve("k3s/agent-join-token")).doesNotExist();
        assertThat(run.out()).isEqualTo("new K3s agent token kept in " + stateDir.resolve("k3s/agent-token")
                + " (mode 0600); next: gardenos apply k3s (restarts the servers one at a time, then the agents, with"
                + " it)\n");
        assertThat(run.out() + run.err()).doesNotContain(now);
        assertThat(console.questions()).isEmpty();
        assertThat(connector.connects()).isEmpty();
        assertThat(Files.readString(stateDir.resolve("k3s/token")).strip()).isEqualTo(OLD);
    }

    @Test
    void aFailingRotationNamesHostCommandAndStderrAndKeepsTheOldToken() throws Exception {
        InMemoryHostStandIn first = converged();
        first.on(c -> c.contains("'token' 'rotate'"), c -> first.result(c, 1, "",
                "token rotate: connection refused"));

        CliRun run = gardenos(new StandInConfirmation(false, false), "k3s", "rotate-token", "--yes");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("node-1").contains("'token' 'rotate'").contains("connection refused");
        assertThat(Files.readString(stateDir.resolve("k3s/token")).strip()).isEqualTo(OLD);
    }
}
