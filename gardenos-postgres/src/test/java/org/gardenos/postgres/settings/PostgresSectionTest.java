package org.gardenos.postgres.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gardenos.postgres.PostgresFixtures.errors;
import static org.gardenos.postgres.PostgresFixtures.load;
import static org.gardenos.postgres.PostgresFixtures.settings;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostgresSectionTest {
    @Test
    void anAbsentSectionIsAllDefaults() {
        LoadedPostgresSettings loaded = load("");
        PostgresSettings s = loaded.settings();
        assertThat(loaded.warnings()).isEmpty();
        assertThat(s.namespace()).isEqualTo("postgres-cluster");
        assertThat(s.scope()).isEqualTo("postgres");
        assertThat(s.replicas()).isEqualTo(3);
        assertThat(s.flavor()).isEqualTo(Flavor.SPILO);
        assertThat(s.image()).isEqualTo("ghcr.io/zalando/spilo-16:3.2-p3");
        assertThat(s.postgresVersion()).isEqualTo(16);
        assertThat(s.volume()).isEqualTo(new PostgresSettings.Volume("10Gi", Optional.empty()));
        assertThat(s.resources().requests()).isEqualTo(Map.of("cpu", "250m", "memory", "512Mi"));
        assertThat(s.resources().limits()).isEqualTo(Map.of("memory", "1Gi"));
        assertThat(s.parameters()).isEmpty();
        assertThat(s.allowedNetworks()).containsExactly("172.21.0.0/16", "10.43.0.0/16");
        assertThat(s.users()).isEmpty();
        assertThat(s.databases()).isEmpty();
        assertThat(s.ports()).isEqualTo(new PostgresSettings.Ports(5432, 5433));
        assertThat(s.nodePorts()).isEqualTo(new PostgresSettings.NodePorts(30432, 30808, 30433, 30809));
        assertThat(s.nodes()).isEmpty();
        assertThat(s.maxLagBytes()).isEqualTo(1_048_576L);
        assertThat(s.patroni()).isEqualTo(new PostgresSettings.Timing(30, 10, 10));
        assertThat(s.leaderLabel()).isEqualTo("master");
        assertThat(s.present()).isFalse();
        assertThat(s).isEqualTo(PostgresSettings.defaults());
        assertThat(settings("  {}\n").present()).isTrue();
    }

    @Test
    void aFullSectionIsReadAsWritten() {
        PostgresSettings s = settings("""
                  namespace: db
                  scope: garden-pg
                  replicas: 5
                  flavor: patroni
                  image: localhost/gardenos/patroni:3.0.2-pg15
                  postgresVersion: 15
                  volume: {size: 2Gi, storageClass: local-path}
                  resources:
                    requests: {cpu: 100m, memory: 256Mi}
                    limits: {cpu: "2", memory: 512Mi}
                  parameters: {max_connections: 200, wal_compression: "on", pg_stat_statements.track: all}
                  allowedNetworks: [172.21.0.0/16, 203.0.113.0/24]
                  users: [{name: app}, {name: app_reader}]
                  databases: [{name: app, owner: app}]
                  ports: {primary: 5000, replica: 5001}
                  nodePorts: {primary: 31000, primaryApi: 31001, replica: 31002, replicaApi: 31003}
                  nodes: [{name: k8s-node1, address: 10.213.77.14}, {name: k8s-node2, address: 10.213.77.15}]
                  maxLagBytes: 0
                  patroni: {ttl: 10, loopWait: 2, retryTimeout: 4}
                  leaderLabel: primary
                """);
        assertThat(s.namespace()).isEqualTo("db");
        assertThat(s.scope()).isEqualTo("garden-pg");
        assertThat(s.replicas()).isEqualTo(5);
        assertThat(s.flavor()).isEqualTo(Flavor.PATRONI);
        assertThat(s.image()).isEqualTo("localhost/gardenos/patroni:3.0.2-pg15");
        assertThat(s.postgresVersion()).isEqualTo(15);
        assertThat(s.volume()).isEqualTo(new PostgresSettings.Volume("2Gi", Optional.of("local-path")));
        assertThat(s.resources().limits()).isEqualTo(Map.of("cpu", "2", "memory", "512Mi"));
        assertThat(s.parameters()).containsExactly(Map.entry("max_connections", "200"),
                Map.entry("wal_compression", "on"), Map.entry("pg_stat_statements.track", "all"));
        assertThat(s.allowedNetworks()).containsExactly("172.21.0.0/16", "203.0.113.0/24");
        assertThat(s.users()).extracting(PostgresSettings.User::name).containsExactly("app", "app_reader");
        assertThat(s.databases()).containsExactly(new PostgresSettings.Database("app", "app"));
        assertThat(s.ports()).isEqualTo(new PostgresSettings.Ports(5000, 5001));
        assertThat(s.nodePorts()).isEqualTo(new PostgresSettings.NodePorts(31000, 31001, 31002, 31003));
        assertThat(s.nodes()).containsExactly(new PostgresSettings.Node("k8s-node1", "10.213.77.14"),
                new PostgresSettings.Node("k8s-node2", "10.213.77.15"));
        assertThat(s.maxLagBytes()).isZero();
        assertThat(s.patroni()).isEqualTo(new PostgresSettings.Timing(10, 2, 4));
        assertThat(s.leaderLabel()).isEqualTo("primary");
    }

    @Test
    void thePatroniFlavorDefaultsToPostgres15AndThePrimaryLabel() {
        PostgresSettings s = settings("  flavor: patroni\n  image: localhost/patroni:1\n");
        assertThat(s.postgresVersion()).isEqualTo(15);
        assertThat(s.leaderLabel()).isEqualTo("primary");
    }

    @Test
    void aBadValueIsOneLineWithFileLineColumnKeyPathAndHint() {
        assertThat(errors("  replicas: \"3\"\n")).containsExactly(
                "gardenos.yaml:3:13: postgres.replicas: expected a whole number 1-16, got the string '3'"
                        + " (write it without quotes: 3)");
        assertThat(errors("  flavor: spilio\n")).containsExactly(
                "gardenos.yaml:3:11: postgres.flavor: 'spilio' is not an image flavor (did you mean 'spilo'?"
                        + " flavors are spilo, patroni)");
        assertThat(errors("  replicaz: 3\n")).containsExactly(
                "gardenos.yaml:3:3: postgres.replicaz: unknown key 'replicaz' (did you mean 'replicas'?)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "'  replicas: 0'                                   | postgres.replicas: 0 is out of range 1-16",
            "'  namespace: Postgres'                           | postgres.namespace: 'Postgres' is not a DNS-1123 label (did you mean 'postgres'?)",
            "'  scope: a-scope-name-that-is-longer-than-forty-chars' | postgres.scope: 'a-scope-name-that-is-longer-than-forty-chars' is longer than 40 characters",
            "'  image: ghcr.io/zalando/spilo-16'               | postgres.image: 'ghcr.io/zalando/spilo-16' has no pinned tag",
            "'  image: ghcr.io/zalando/spilo-16:latest'        | postgres.image: 'ghcr.io/zalando/spilo-16:latest' has no pinned tag",
            "'  flavor: patroni'                               | postgres.image: missing (required: with flavor 'patroni'",
            "'  postgresVersion: 12'                           | postgres.postgresVersion: 12 is out of range 13-17",
            "'  volume: {size: 10GB}'                          | postgres.volume.size: '10GB' is not a Kubernetes quantity",
            "'  volume: {size: 0Gi}'                           | postgres.volume.size: '0Gi' must be larger than zero",
            "'  volume: {storageClass: Local_Path}'            | postgres.volume.storageClass: 'Local_Path' is not a StorageClass name",
            "'  resources: {limits: {memory: 100Mi}}'          | postgres.resources.limits.memory: limit 100Mi is below the request 512Mi",
            "'  parameters: {listen_addresses: \"*\"}'         | postgres.parameters.listen_addresses: parameter 'listen_addresses' is set by Patroni/GardenOS",
            "'  parameters: {Max_Connections: 100}'            | postgres.parameters.Max_Connections: parameter name 'Max_Connections' is not a PostgreSQL setting name",
            "'  parameters: {work_mem: [1]}'                   | postgres.parameters.work_mem: expected a value (string, number or boolean), got a list",
            "'  allowedNetworks: [10.0.0.1/8]'                 | postgres.allowedNetworks[0]: '10.0.0.1/8' has host bits set (did you mean '10.0.0.0/8'?)",
            "'  allowedNetworks: []'                           | postgres.allowedNetworks: must list at least one network",
            "'  users: [{name: postgres}]'                     | postgres.users[0].name: 'postgres' is a role GardenOS manages itself",
            "'  users: [{name: pg_app}]'                       | postgres.users[0].name: 'pg_app' starts with 'pg_', which PostgreSQL reserves",
            "'  users: [{name: app}, {name: app}]'             | postgres.users[1].name: user 'app' is already listed at postgres.users[0]",
            "'  databases: [{name: app, owner: nobody}]'       | postgres.databases[0].owner: owner 'nobody' is not listed in postgres.users",
            "'  ports: {primary: 6443}'                        | postgres.ports.primary: port 6443 is also loadBalancer.apiPort on node-1",
            "'  ports: {replica: 5432}'                        | postgres.ports.replica: port 5432 is also postgres.ports.primary",
            "'  nodePorts: {primary: 8080}'                    | postgres.nodePorts.primary: NodePort 8080 is outside Kubernetes' NodePort range 30000-32767",
            "'  nodePorts: {replica: 30432}'                   | postgres.nodePorts.replica: NodePort 30432 is also postgres.nodePorts.primary",
            "'  nodes: []'                                     | postgres.nodes: must list at least one node (leave the key out for the inventory's server and agent hosts)",
            "'  nodes: [10.213.77.14]'                         | postgres.nodes[0]: expected a mapping with the node's name and address",
            "'  nodes: [{name: k8s-node1}]'                    | postgres.nodes[0].address: missing (required: the IPv4 address the lb hosts reach the node at)",
            "'  nodes: [{name: K8s, address: 10.213.77.14}]'   | postgres.nodes[0].name: 'K8s' is not a DNS-1123 label",
            "'  nodes: [{name: n1, address: 10.213.77.256}]'   | postgres.nodes[0].address: '10.213.77.256' is not an IPv4 address",
            "'  nodes: [{name: n1, address: 10.213.77.14, port: 1}]' | postgres.nodes[0].port: unknown key 'port'",
            "'  nodes: [{name: n1, address: 10.213.77.14}, {name: n1, address: 10.213.77.15}]' | postgres.nodes[1].name: node 'n1' is already listed at postgres.nodes[0]",
            "'  nodes: [{name: n1, address: 10.213.77.14}, {name: n2, address: 10.213.77.14}]' | postgres.nodes[1].address: address 10.213.77.14 is already listed at postgres.nodes[0]",
            "'  maxLagBytes: -1'                               | postgres.maxLagBytes: expected a whole number 0-1099511627776, got the number -1",
            "'  patroni: {ttl: 20}'                            | postgres.patroni.ttl: ttl 20 is shorter than loopWait + 2 x retryTimeout (30)",
            "'  patroni: {loop_wait: 5}'                       | postgres.patroni.loop_wait: unknown key 'loop_wait' (did you mean 'loopWait'?)",
            "'  leaderLabel: leader'                           | postgres.leaderLabel: 'leader' is not a Patroni leader role",
            "'  volume: 10Gi'                                  | postgres.volume: expected a mapping, got the string '10Gi'",
    })
    void eachBadValueIsOneLocatedLine(String line, String expected) {
        List<String> errors = errors(line + "\n");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).matches("gardenos\\.yaml:3:[0-9]+: .*").contains(expected);
    }

    @Test
    void postgresOwnDatabasesAreRefused() {
        assertThat(errors("  users: [{name: app}]\n  databases: [{name: template1, owner: app}]\n")).containsExactly(
                "gardenos.yaml:4:22: postgres.databases[0].name: 'template1' is one of PostgreSQL's own databases");
    }

    @Test
    void everyErrorOfTheSectionIsReportedAtOnceInFileOrder() {
        assertThat(errors("""
                  replicas: 0
                  flavor: spilo
                  volume: {size: lots}
                  users: [{name: postgres}]
                """)).extracting(line -> line.substring(0, line.indexOf(": ", line.indexOf(": ") + 2)))
                .containsExactly("gardenos.yaml:3:13: postgres.replicas", "gardenos.yaml:5:18: postgres.volume.size",
                        "gardenos.yaml:6:18: postgres.users[0].name");
    }

    @Test
    void anEvenOrTooSmallMemberCountIsAWarningNotAnError() {
        assertThat(load("  replicas: 2\n").warnings()).containsExactly("gardenos.yaml:3:13: postgres.replicas: 2 members:"
                + " an odd number of at least 3 is the usual choice (Patroni needs only one healthy replica to fail over,"
                + " but every member costs a full copy of the data)");
        assertThat(load("  replicas: 1\n").warnings()).containsExactly(
                "gardenos.yaml:3:13: postgres.replicas: 1 member has no replica to fail over to");
    }

    @Test
    void networksWithoutThePodNetworkWarnBecausePodsAndHaproxyWouldBeRefused() {
        assertThat(load("  allowedNetworks: [203.0.113.0/24]\n").warnings()).containsExactly(
                "gardenos.yaml:3:20: postgres.allowedNetworks: the K3s pod network 172.21.0.0/16 is not listed: pods,"
                        + " and HAProxy traffic that kube-proxy forwards from a NodePort, will be refused by pg_hba");
        assertThat(load("  allowedNetworks: [172.16.0.0/12]\n").warnings()).isEmpty();
    }
}
