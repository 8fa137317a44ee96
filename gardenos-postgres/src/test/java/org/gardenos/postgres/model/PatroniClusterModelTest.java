package org.gardenos.postgres.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gardenos.postgres.PostgresFixtures.CONTEXT;
import static org.gardenos.postgres.PostgresFixtures.cluster;
import static org.gardenos.postgres.PostgresFixtures.settings;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PatroniClusterModelTest {
    @Test
    void membersAreTheStatefulSetPodsAndTheDcsIsEtcd3WithTlsFiles() {
        PatroniCluster c = cluster("");
        assertThat(c.members()).containsExactly("postgres-0", "postgres-1", "postgres-2");
        assertThat(c.etcd().hosts()).containsExactly("203.0.113.11:2379", "203.0.113.12:2379", "203.0.113.13:2379");
        assertThat(c.etcd().protocol()).isEqualTo("https");
        assertThat(c.etcd().namespace()).isEqualTo("/service/");
        assertThat(c.etcd().tls()).contains(new Etcd3Dcs.TlsFiles("/etc/gardenos/etcd/ca.crt",
                "/etc/gardenos/etcd/tls.crt", "/etc/gardenos/etcd/tls.key"));
        assertThat(c.dcs()).isEqualTo(new DcsTiming(30, 10, 10, 1_048_576));
    }

    @Test
    void plainHttpEtcdHasNoTlsFiles() {
        ClusterContext plain = new ClusterContext(CONTEXT.etcdEndpoints(), false, Optional.empty(),
                CONTEXT.podNetwork(), CONTEXT.nodes());
        PatroniCluster c = PatroniClusterFactory.build(settings(""), plain);
        assertThat(c.etcd().protocol()).isEqualTo("http");
        assertThat(c.etcd().tls()).isEmpty();
        assertThat(c.etcd().login()).isEmpty();
    }

    @Test
    void withEtcdAuthPatroniLogsInAsItsUserWithThePasswordInASecretOfItsOwn() {
        PatroniCluster c = cluster("  scope: pg\n");
        assertThat(c.etcd().login()).contains(new Credential("patroni", new SecretKeyRef("pg-etcd-login", "password")));
        assertThat(c.credentials()).as("not a PostgreSQL login")
                .noneMatch(l -> l.password().secret().equals("pg-etcd-login"));
    }

    @Test
    void everyLoginIsASecretReferenceNamedAfterTheScope() {
        PatroniCluster c = cluster("  scope: pg\n  users: [{name: app}, {name: app_reader}]\n");
        assertThat(c.credentials()).containsExactly(
                new Credential("postgres", new SecretKeyRef("pg-superuser", "password")),
                new Credential("standby", new SecretKeyRef("pg-replication", "password")),
                new Credential("admin", new SecretKeyRef("pg-admin", "password")),
                new Credential("patroni", new SecretKeyRef("pg-restapi", "password")),
                new Credential("app", new SecretKeyRef("pg-user-app", "password")),
                new Credential("app_reader", new SecretKeyRef("pg-user-app-reader", "password")));
    }

    @Test
    void spiloPgHbaKeepsItsSocketTrustRejectsNonSslAndAdmitsThePodNetworkForReplication() {
        assertThat(cluster("").pgHba().lines()).containsExactly(
                "local all all trust",
                "local replication standby trust",
                "host all all 127.0.0.1/32 scram-sha-256",
                "host all all ::1/128 scram-sha-256",
                "host replication standby 127.0.0.1/32 scram-sha-256",
                "host replication standby ::1/128 scram-sha-256",
                "hostnossl all all all reject",
                "hostssl replication standby 172.21.0.0/16 scram-sha-256",
                "hostssl postgres postgres 172.21.0.0/16 scram-sha-256",
                "hostssl all all 172.21.0.0/16 scram-sha-256",
                "hostssl all all 10.43.0.0/16 scram-sha-256",
                "host all all all reject");
    }

    @Test
    void patroniImagePgHbaTrustsNobodyOnTheSocket() {
        PatroniCluster c = cluster("  flavor: patroni\n  image: localhost/patroni:1\n  allowedNetworks: [203.0.113.0/24]\n");
        assertThat(c.pgHba().lines()).containsExactly(
                "local all postgres peer",
                "local replication standby scram-sha-256",
                "local all all scram-sha-256",
                "host all all 127.0.0.1/32 scram-sha-256",
                "host all all ::1/128 scram-sha-256",
                "host replication standby 127.0.0.1/32 scram-sha-256",
                "host replication standby ::1/128 scram-sha-256",
                "hostnossl all all all reject",
                // replication follows the pod network even when clients may come only from elsewhere
                "hostssl replication standby 172.21.0.0/16 scram-sha-256",
                "hostssl postgres postgres 172.21.0.0/16 scram-sha-256",
                "hostssl all all 203.0.113.0/24 scram-sha-256",
                "host all all all reject");
        assertThat(c.pgHba().lines()).noneMatch(line -> line.contains("trust"));
    }

    @Test
    void theFlavorDecidesLayoutAndRoleLabel() {
        PatroniCluster spilo = cluster("");
        assertThat(spilo.layout().dataMount()).isEqualTo("/home/postgres/pgdata");
        assertThat(List.of(spilo.layout().runAsUser(), spilo.layout().runAsGroup(), spilo.layout().fsGroup()))
                .containsExactly(101L, 103L, 103L);
        assertThat(spilo.roleLabel()).isEqualTo(new RoleLabel("spilo-role", "master", "replica"));
        PatroniCluster patroni = cluster("  flavor: patroni\n  image: localhost/patroni:1\n");
        assertThat(patroni.layout().dataDirectory()).startsWith(patroni.layout().dataMount() + "/");
        assertThat(patroni.roleLabel()).isEqualTo(new RoleLabel("patroni.gardenos.org/role", "primary", "replica"));
        assertThat(patroni.volume().storageClass()).isEqualTo(Optional.empty());
    }

    @Test
    void theContextOfAnInventoryTakesEtcdMembersAndKubernetesNodes() {
        var inventory = org.gardenos.postgres.PostgresFixtures.LOADER.parse("""
                cluster: garden
                hosts:
                  - {name: node-1, address: 203.0.113.11, roles: [server, lb]}
                  - {name: node-2, address: 203.0.113.12, roles: [server]}
                  - {name: node-3, address: 203.0.113.13, roles: [agent]}
                  - {name: lb-1, address: 203.0.113.20, roles: [lb]}
                """, java.nio.file.Path.of("gardenos.yaml")).inventory();
        ClusterContext context = ClusterContext.of(inventory, new org.gardenos.postgres.StandInEtcdCredentials(true,
                List.of("https://203.0.113.11:2379", "https://203.0.113.12:2379", "https://203.0.113.13:2379")));
        assertThat(context.etcdEndpoints()).containsExactly("203.0.113.11:2379", "203.0.113.12:2379", "203.0.113.13:2379");
        assertThat(context.etcdTls()).isTrue();
        assertThat(context.podNetwork()).isEqualTo("172.21.0.0/16");
        assertThat(context.nodes()).extracting(ClusterContext.Node::name).containsExactly("node-1", "node-2", "node-3");
    }
}
