package org.gardenos.k3s.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gardenos.engine.ApplyReport;
import org.gardenos.error.GardenException;
import org.gardenos.inventory.Inventory;
import org.gardenos.inventory.Role;
import org.gardenos.k3s.K3sTokenRotation;
import org.gardenos.k3s.settings.K3sSection;
import org.gardenos.lb.settings.LoadBalancerSection;
import org.gardenos.nspawn.DebianHosts;
import org.gardenos.nspawn.TestHost;
import org.gardenos.remote.ssh.HostKeyPolicy;
import org.gardenos.remote.ssh.SshRemoteHostConnector;
import org.gardenos.state.StateDir;
import org.gardenos.testkit.hosts.WithDebianHosts;
import org.gardenos.testsupport.StandInEtcd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gardenos k3s rotate-token}'s service ({@link K3sTokenRotation}) on real Debian hosts (nspawn, SSH, systemd),
 * with the K3s STAND-IN ({@code k3s-stand-in}): K3s itself cannot run here. The stand-in's {@code k3s token rotate}
 * does what K3s documents (authenticates with the current server token from its data dir, generates the new one,
 * rewrites {@code server/token} with the same CA hash, and the server that holds the bootstrap data refuses to start
 * with the old token afterwards); it shows GardenOS's part, not K3s's re-encryption.
 *
 * <p>Hosts: node1 etcd+server+lb (servers on 7443), node2 etcd+server, node3 agent.
 */
@WithDebianHosts(count = 3, waitForSystemd = true)
class K3sTokenRotationOnStandInHostsTest {
    private static final List<String> SERVERS = List.of("node1", "node2");

    @TempDir
    Path dir;
    private final DebianHosts hosts;

    K3sTokenRotationOnStandInHostsTest(DebianHosts hosts) {
        this.hosts = hosts;
    }

    @Test
    void rotateTokenThenApplyRestartsEveryServerWithTheNewTokenAndLeavesTheAgentAloneThenTheAgentToken() throws Exception {
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        System.setErr(new PrintStream(new StandInK3sRuns.Tee(originalErr, logs), true, StandardCharsets.UTF_8));
        try {
            rotateAndApply(logs);
        } finally {
            System.setErr(originalErr);
        }
    }

    private void rotateAndApply(ByteArrayOutputStream logs) throws Exception {
        StateDir state = StateDir.open(dir.resolve("state"));
        Inventory inv = inventory();
        assertThat(StandInK3sRuns.apply(inv, state, dir).failures()).isEmpty();
        String old = read(state, "k3s/token");
        String oldFull = read(state, "k3s/join-token");
        String agentFull = read(state, "k3s/agent-join-token");
        TestHost first = hosts.host("node1");
        refusesAStateDirWithAnotherToken(inv, first);
        String node2Env = hosts.host("node2").exec("cat /etc/rancher/k3s/k3s.env").requireOk().stdout();
        Map<String, Integer> startsBefore = starts();

        K3sTokenRotation.Rotated rotated = rotate(inv, state);

        // the state dir keeps the new token K3s generated (16 random bytes as hex) and its full form, 0600; the old
        // token is kept aside for restores of older snapshots
        String token = read(state, "k3s/token");
        assertThat(token).matches("[0-9a-f]{32}").isNotEqualTo(old);
        assertThat(rotated.server()).isEqualTo("node1");
        assertThat(rotated.tokenFile()).isEqualTo(state.resolve("k3s/token"));
        String full = read(state, "k3s/join-token");
        assertThat(full).isEqualTo(oldFull.substring(0, 67) + "::server:" + token);  // same cluster CA hash
        assertThat(Files.readString(rotated.previousTokenFile()).strip()).isEqualTo(old);
        for (Path p : List.of(rotated.tokenFile(), state.resolve("k3s/join-token"), rotated.previousTokenFile())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString())
                    .isEqualTo("rw-------");
        }
        assertThat(first.exec("cat /var/lib/rancher/k3s/server/token").requireOk().stdout().strip()).isEqualTo(full);
        // the rotation restarted nothing and changed no other host
        assertThat(starts()).isEqualTo(startsBefore);
        assertThat(hosts.host("node2").exec("cat /etc/rancher/k3s/k3s.env").stdout()).isEqualTo(node2Env);
        // the old token no longer authenticates (given on stdin, as K3S_TOKEN: no secret in a command line)
        var withOld = first.exec("IFS= read -r K3S_TOKEN; export K3S_TOKEN; /usr/local/bin/k3s token rotate"
                + " --server https://127.0.0.1:7443", (old + "\n").getBytes(StandardCharsets.UTF_8));
        assertThat(withOld.exitCode()).as(withOld.toString()).isEqualTo(1);
        assertThat(withOld.stderr()).contains("401");
        assertThat(first.exec("cat /var/lib/rancher/k3s/server/token").stdout().strip()).isEqualTo(full);

        ApplyReport report = StandInK3sRuns.apply(inv, state, dir);

        assertThat(report.failures()).isEmpty();
        assertThat(first.exec("cat /etc/rancher/k3s/k3s.env").stdout()).contains("\nK3S_TOKEN=" + token + "\n");
        assertThat(hosts.host("node2").exec("cat /etc/rancher/k3s/k3s.env").stdout())
                .contains("\nK3S_TOKEN=" + full + "\n").doesNotContain(old);
        Map<String, Integer> startsAfter = starts();
        double previousReady = 0;
        for (String n : SERVERS) {
            TestHost h = hosts.host(n);
            assertThat(startsAfter.get(n)).as(n + " restarted once").isEqualTo(startsBefore.get(n) + 1);
            assertThat(h.exec("systemctl is-active gardenos-k3s").stdout().strip()).as(n).isEqualTo("active");
            List<Double> started = StandInK3sRuns.times(h, "started");
            assertThat(started.get(started.size() - 1)).as(n + " restarted after the previous server was ready")
                    .isGreaterThanOrEqualTo(previousReady);
            List<Double> ready = StandInK3sRuns.times(h, "ready");
            previousReady = ready.get(ready.size() - 1);
        }
        // the agent joined with the agent token, which K3s leaves alone: not restarted, same env file
        assertThat(startsAfter.get("node3")).isEqualTo(startsBefore.get("node3"));
        assertThat(hosts.host("node3").exec("cat /etc/rancher/k3s/k3s.env").stdout())
                .contains("\nK3S_TOKEN=" + agentFull + "\n");
        assertThat(StandInK3sRuns.apply(inv, state, dir).changed()).as("a second apply").isZero();

        // the first server now holds the new token in its "datastore" and would refuse the old one
        assertThat(first.exec("cat /var/lib/k3s-stand-in/datastore-token").stdout().strip()).isEqualTo(token);
        for (TestHost h : hosts.hosts()) {
            StandInK3sRuns.assertNotInArgumentsJournalOrWorldReadableFiles(h, token);
        }
        assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain(token).doesNotContain(old);

        rotateTheAgentToken(inv, state, agentFull, logs);
    }

    /** The agent token: a new one in the state dir; the next apply restarts the servers with it, then the agent. */
    private void rotateTheAgentToken(Inventory inv, StateDir state, String oldFull, ByteArrayOutputStream logs)
            throws Exception {
        String old = read(state, "k3s/agent-token");
        Map<String, Integer> before = starts();
        Path file;
        try (var connector = new SshRemoteHostConnector(inv.ssh(), HostKeyPolicy.STRICT)) {
            file = new K3sTokenRotation(inv, state, connector).rotateAgentToken();
        }
        String agent = read(state, "k3s/agent-token");
        assertThat(agent).hasSize(48).isNotEqualTo(old);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(state.read("k3s/agent-join-token")).isEmpty();
        assertThat(starts()).as("rotating changes no host").isEqualTo(before);

        assertThat(StandInK3sRuns.apply(inv, state, dir).failures()).isEmpty();

        String full = read(state, "k3s/agent-join-token");
        assertThat(full).isEqualTo(oldFull.substring(0, 67) + "::node:" + agent);
        Map<String, Integer> after = starts();
        for (String n : SERVERS) {
            assertThat(hosts.host(n).exec("cat /etc/rancher/k3s/k3s.env").stdout()).as(n)
                    .contains("\nK3S_AGENT_TOKEN=" + agent + "\n").doesNotContain(old);
            assertThat(after.get(n)).as(n + " restarted once").isEqualTo(before.get(n) + 1);
        }
        TestHost agentHost = hosts.host("node3");
        assertThat(agentHost.exec("cat /etc/rancher/k3s/k3s.env").stdout()).contains("\nK3S_TOKEN=" + full + "\n");
        assertThat(after.get("node3")).as("the agent restarted once").isEqualTo(before.get("node3") + 1);
        assertThat(agentHost.exec("systemctl is-active gardenos-k3s").stdout().strip()).isEqualTo("active");
        assertThat(StandInK3sRuns.apply(inv, state, dir).changed()).as("a second apply").isZero();
        for (TestHost h : hosts.hosts()) {
            StandInK3sRuns.assertNotInArgumentsJournalOrWorldReadableFiles(h, agent);
        }
        assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain(agent).doesNotContain(old);
    }

    /** A wrong --state-dir (another token) must not rotate anything: refused, the cluster keeps its token. */
    private void refusesAStateDirWithAnotherToken(Inventory inv, TestHost first) {
        String onHost = first.exec("cat /var/lib/rancher/k3s/server/token").requireOk().stdout();
        StateDir other = StateDir.open(dir.resolve("other"));
        other.writeSecret("k3s/token", "A".repeat(48).getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> rotate(inv, other)).isInstanceOf(GardenException.class)
                .hasMessageContaining("node1:/var/lib/rancher/k3s/server/token: K3s runs with another server token"
                        + " than the state directory's");

        assertThat(first.exec("cat /var/lib/rancher/k3s/server/token").stdout()).isEqualTo(onHost);
        assertThat(other.read("k3s/join-token")).isEmpty();
    }

    private K3sTokenRotation.Rotated rotate(Inventory inv, StateDir state) {
        try (var connector = new SshRemoteHostConnector(inv.ssh(), HostKeyPolicy.STRICT)) {
            return new K3sTokenRotation(inv, state, connector).rotateServerToken();
        }
    }

    private Inventory inventory() throws Exception {
        Map<String, Set<Role>> roles = new LinkedHashMap<>();
        roles.put("node1", Set.of(StandInEtcd.ROLE, K3sSection.SERVER, LoadBalancerSection.ROLE));
        roles.put("node2", Set.of(StandInEtcd.ROLE, K3sSection.SERVER));
        roles.put("node3", Set.of(K3sSection.AGENT));
        return StandInK3sRuns.inventory(hosts, roles, StandInK3sRuns.copyStandIn(dir), "");
    }

    private Map<String, Integer> starts() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (TestHost h : hosts.hosts()) {
            m.put(h.name(), StandInK3sRuns.times(h, "started").size());
        }
        return m;
    }

    private static String read(StateDir state, String file) {
        return new String(state.read(file).orElseThrow(), StandardCharsets.UTF_8).strip();
    }
}
