package org.gardenos.postgres.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gardenos.postgres.PostgresFixtures.CONTEXT;
import static org.gardenos.postgres.PostgresFixtures.settings;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.gardenos.testkit.Prerequisites;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresHaproxyFragmentTest {
    @TempDir
    Path dir;

    @Test
    void primaryAndReplicaPortsForwardToEveryNodeAndCheckPatronisRole() {
        PostgresRoute route = PostgresRoute.of(settings(""), CONTEXT);
        assertThat(PostgresHaproxyFragment.render(route, "0.0.0.0")).isEqualTo("""
                # PostgreSQL through the postgres layer's NodePort Services (rendered by gardenos-postgres)
                listen postgres-primary
                    bind 0.0.0.0:5432
                    mode tcp
                    balance roundrobin
                    timeout client 1h
                    timeout server 1h
                    option tcpka
                    option httpchk GET /primary
                    http-check expect status 200
                    default-server inter 3s fall 3 rise 2 on-marked-down shutdown-sessions
                    server node-1 203.0.113.11:30432 check port 30808
                    server node-2 203.0.113.12:30432 check port 30808
                    server node-3 203.0.113.13:30432 check port 30808

                listen postgres-replica
                    bind 0.0.0.0:5433
                    mode tcp
                    balance roundrobin
                    timeout client 1h
                    timeout server 1h
                    option tcpka
                    option httpchk GET /replica
                    http-check expect status 200
                    default-server inter 3s fall 3 rise 2 on-marked-down shutdown-sessions
                    server node-1 203.0.113.11:30433 check port 30809
                    server node-2 203.0.113.12:30433 check port 30809
                    server node-3 203.0.113.13:30433 check port 30809
                """);
    }

    @Test
    void theInventorysPortsAndNodePortsAreUsed() {
        PostgresRoute route = PostgresRoute.of(settings("  ports: {primary: 6000, replica: 6001}\n"
                + "  nodePorts: {primary: 31000, primaryApi: 31001, replica: 31002, replicaApi: 31003}\n"), CONTEXT);
        String fragment = PostgresHaproxyFragment.render(route, "127.0.0.1");
        assertThat(fragment).contains("bind 127.0.0.1:6000", "bind 127.0.0.1:6001",
                "server node-1 203.0.113.11:31000 check port 31001", "server node-3 203.0.113.13:31002 check port 31003");
    }

    /**
     * With {@code postgres.nodes} (a Kubernetes whose nodes are not hosts of the inventory, as in the sandbox) the lb
     * layer's service forwards to exactly those nodes, not to the inventory's server and agent hosts.
     */
    @Test
    void writtenNodesReplaceTheK3sHostsAsBackends() {
        var inventory = org.gardenos.postgres.PostgresFixtures.LOADER.parse(org.gardenos.postgres.PostgresFixtures
                .inventory("  nodes: [{name: k8s-node1, address: 10.213.77.14}]\n"), Path.of("gardenos.yaml"))
                .inventory();
        String fragment = new PostgresLoadBalancedService(new org.gardenos.postgres.StandInEtcdCredentials(true,
                java.util.List.of("https://203.0.113.11:2379"))).haproxySections(inventory, "0.0.0.0");
        assertThat(fragment.lines().filter(l -> l.startsWith("    server "))).containsExactly(
                "    server k8s-node1 10.213.77.14:30432 check port 30808",
                "    server k8s-node1 10.213.77.14:30433 check port 30809");
    }

    /** Real haproxy (Debian's package) accepts the fragment after a defaults section like the lb layer's. */
    @Test
    void realHaproxyAcceptsTheFragment() throws Exception {
        Prerequisites.requireCommands("haproxy");
        Path haproxy = Prerequisites.locate("haproxy").orElseThrow();
        String config = "global\n    maxconn 100\n\ndefaults\n    mode tcp\n    timeout connect 5s\n"
                + "    timeout client 30s\n    timeout server 30s\n    timeout check 5s\n\n"
                + PostgresHaproxyFragment.render(PostgresRoute.of(settings(""), CONTEXT), "127.0.0.1");
        Path file = dir.resolve("haproxy.cfg");
        Files.writeString(file, config);
        Process p = new ProcessBuilder(haproxy.toString(), "-c", "-f", file.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).doesNotContainIgnoringCase("warning");
    }
}
