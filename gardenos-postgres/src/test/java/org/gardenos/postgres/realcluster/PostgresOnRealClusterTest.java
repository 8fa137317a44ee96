package org.gardenos.postgres.realcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.ApiClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.gardenos.engine.Change;
import org.gardenos.engine.Poll;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.error.GardenException;
import org.gardenos.etcd.EtcdClientCredentialsFromPki;
import org.gardenos.inventory.Inventory;
import org.gardenos.pki.EtcdClientCredentials;
import org.gardenos.postgres.api.KubeCalls;
import org.gardenos.postgres.debug.PostgresDebug;
import org.gardenos.postgres.doctor.Finding;
import org.gardenos.postgres.doctor.PostgresDoctor;
import org.gardenos.postgres.lb.PostgresHaproxyFragment;
import org.gardenos.postgres.lb.PostgresRoute;
import org.gardenos.postgres.model.ClusterContext;
import org.gardenos.postgres.ops.PostgresOperations;
import org.gardenos.postgres.patroni.ClusterHealth;
import org.gardenos.postgres.patroni.PatroniMember;
import org.gardenos.postgres.render.PatroniEnvironment;
import org.gardenos.postgres.settings.PostgresSettings;
import org.gardenos.postgres.status.PostgresStatus;
import org.gardenos.postgres.validate.Check;
import org.gardenos.postgres.validate.PostgresValidation;
import org.gardenos.postgres.validate.PsqlClient;
import org.gardenos.state.StateDir;
import org.gardenos.status.Health;
import org.gardenos.status.StatusItem;
import org.gardenos.status.StatusReport;
import org.gardenos.testkit.kubernetes.KubernetesCluster;
import org.gardenos.testkit.kubernetes.WithKubernetes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The postgres layer on a REAL Kubernetes (the testkit's 1.20.2 from Debian's source, three nodes in nspawn hosts,
 * containerd), with a REAL etcd (Debian's 3.4, TLS, the etcd layer's PKI and its {@code patroni} client certificate)
 * and REAL HAProxy (Debian's, the postgres route the lb layer renders, forwarding to the NodePorts), running the
 * Patroni image built here from Debian's {@code postgresql-15}, {@code patroni} and {@code python3-etcd}. No stand-in.
 * One cluster for the whole class, the steps in order: the journal's missing default StorageClass, bring-up and a
 * second apply, the failover drill, the switchover drill, the password checks.
 */
@WithKubernetes(nodes = 3)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresOnRealClusterTest {
    private static final String ROWS = "1000";
    private final KubernetesCluster cluster;
    private RealClusterFixture fixture;
    private Path dir;
    private StateDir state;
    private String bridge;
    private BridgeProcesses processes;
    private ApiClient client;
    private KubeCalls api;
    private final EtcdClientCredentials etcd = new EtcdClientCredentialsFromPki();
    private Inventory inventory;
    private PostgresSettings pg;
    private long startedMillis;

    PostgresOnRealClusterTest(KubernetesCluster cluster) {
        this.cluster = cluster;
    }

    @BeforeAll
    void startEtcdAndLoadTheImage() throws Exception {
        fixture = RealClusterFixture.start(cluster, "gardenos-pgreal-", text -> text);
        startedMillis = fixture.startedMillis();
        dir = fixture.dir();
        state = fixture.state();
        bridge = fixture.bridge();
        inventory = fixture.inventory();
        pg = fixture.pg();
        processes = fixture.processes();
        client = fixture.client();
        api = fixture.api();
    }

    @AfterAll
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private Inventory load(Optional<String> storageClass) {
        return fixture.load(storageClass);
    }

    /** The layer's one resource, as the engine gets it from the layer's play. */
    private Resource resource(Inventory inv) {
        return resources(inv).get(0);
    }

    /** The layer's play's resources: the cluster, then the application users and databases. */
    private List<Resource> resources(Inventory inv) {
        return fixture.resources(inv);
    }

    private Target target(Inventory inv) {
        return fixture.target(inv);
    }

    private Psql primary() throws Exception {
        return new Psql(bridge, RealPostgres.PRIMARY_PORT, "postgres",
                RealPostgres.password(state.root(), pg, pg.scope() + "-superuser"));
    }

    @Test
    @Order(1)
    void withoutADefaultStorageClassAClaimStaysPendingForRealAndTheLayerRefusesWithOneLine() throws Exception {
        String ns = "pgreal-pending";
        api.apply("/api/v1/namespaces/" + ns, "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\""
                + ns + "\"}}");
        KubeCalls.Reply claim = api.apply("/api/v1/namespaces/" + ns + "/persistentvolumeclaims/data", """
                {"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data","namespace":"NS"},
                 "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}"""
                .replace("NS", ns));
        assertThat(claim.ok()).as(claim.body()).isTrue();
        // the journal's failure, for real: the PV controller says why and the claim stays Pending
        String events = Poll.until("the PV controller's event on the claim", Duration.ofSeconds(60),
                Duration.ofSeconds(1), () -> api.get("/api/v1/namespaces/" + ns + "/events").body(),
                body -> body.contains("no storage class is set"), body -> new IllegalStateException("no event: " + body));
        assertThat(events).contains("FailedBinding");
        assertThat(api.get("/api/v1/namespaces/" + ns + "/persistentvolumeclaims/data").body())
                .contains("\"phase\":\"Pending\"");
        Inventory pendingNs = RealPostgres.LOADER.parse(RealPostgres.inventory(cluster, bridge, Optional.empty())
                .replace("postgres:\n", "postgres:\n  namespace: " + ns + "\n"), dir.resolve("gardenos.yaml")).inventory();
        List<Finding> findings = new PostgresDoctor(pendingNs, () -> api).examine();
        findings.forEach(f -> System.out.println("doctor: " + f.line()));
        assertThat(findings).extracting(Finding::line).containsExactly("PVC Pending: claims data Pending; PVC would stay"
                + " Pending: no default StorageClass; fix: set postgres.volume.storageClass (the cluster has local-static)"
                + " or mark one default with kubectl annotate storageclass NAME"
                + " storageclass.kubernetes.io/is-default-class=true");
        RealPostgres.deleteNamespace(client, ns);

        Inventory withoutClass = load(Optional.empty());
        Resource resource = resource(withoutClass);
        Change plan = resource.check(target(withoutClass));
        assertThat(plan.detail()).startsWith("PVC would stay Pending: no default StorageClass; hint: set "
                + "postgres.volume.storageClass (the cluster has local-static)");
        assertThatThrownBy(() -> resource.apply(target(withoutClass), plan))
                .isInstanceOf(GardenException.class)
                .hasMessageStartingWith("PVC would stay Pending: no default StorageClass")
                .hasMessageNotContaining("\n");
        assertThat(api.get("/api/v1/namespaces/" + pg.namespace()).code()).as("nothing applied").isEqualTo(404);
    }

    @Test
    @Order(2)
    void threeMembersComeUpFromTheLayerWithOneLeaderAndTwoReplicasAndASecondApplyChangesNothing() throws Exception {
        Resource resource = resource(inventory);
        Change plan = resource.check(target(inventory));
        assertThat(plan.detail()).contains("create StatefulSet postgres-cluster/postgres",
                "create PodDisruptionBudget postgres-cluster/postgres (policy/v1beta1)");

        long t0 = System.nanoTime();
        resource.apply(target(inventory), plan);
        System.out.printf("3-member Patroni cluster up (one leader, replicas replicating) in %d s%n",
                Duration.ofNanos(System.nanoTime() - t0).toSeconds());

        // the apply's wait saw the cluster healthy a moment ago; a WAL switch can make Patroni's view show a
        // caught-up replica behind until its next loop (loop_wait 5 s), so status gets two loops to agree
        StatusReport status = Poll.until("status postgres HEALTHY", Duration.ofSeconds(15), Duration.ofSeconds(1),
                () -> new PostgresStatus(inventory, () -> api).probe(), r -> r.health() == Health.HEALTHY,
                r -> new IllegalStateException("status postgres: " + r.health() + " " + r.summary()));
        System.out.println("status postgres: " + status.summary() + " " + status.items());
        assertThat(status.health()).isEqualTo(Health.HEALTHY);
        assertThat(status.items()).hasSize(3);
        assertThat(status.items()).extracting(i -> i.fields().get("role")).containsExactlyInAnyOrder(
                PatroniMember.LEADER, PatroniMember.REPLICA, PatroniMember.REPLICA);
        assertThat(status.items()).filteredOn(i -> i.fields().get("role").equals(PatroniMember.REPLICA))
                .extracting(i -> i.fields().get("state")).allMatch(s -> s.equals("streaming") || s.equals("running"));
        assertThat(status.items()).extracting(StatusItem::fields).allMatch(f -> f.keySet().equals(
                java.util.Set.of("pod", "node", "role", "state", "timeline", "lagBytes")));
        assertThat(status.summary()).matches("leader postgres-[0-2], 2/2 replicas streaming");

        // every member knows its timeline: a replica's Patroni reads it over a replication connection to loopback
        Poll.until("every member on timeline 1", Duration.ofSeconds(30), Duration.ofSeconds(1),
                () -> new PostgresStatus(inventory, () -> api).probe().items().stream()
                        .map(i -> i.fields().get("timeline")).toList(), t -> t.equals(List.of("1", "1", "1")),
                t -> new IllegalStateException("timelines " + t));
        assertThat(new PostgresDoctor(inventory, () -> api).examine()).as("doctor on the healthy cluster").isEmpty();

        String before = api.get("/apis/apps/v1/namespaces/postgres-cluster/statefulsets/postgres").body();
        Change second = resource.check(target(inventory));
        assertThat(second.isNone()).as(second.detail()).isTrue();
        // what a write would change (spec, labels, annotations); not the controller's status updates, which also move
        // the object's resourceVersion (CI: 557 -> 596 while the pods settled, with nothing written by the check)
        assertThat(writable(api.get("/apis/apps/v1/namespaces/postgres-cluster/statefulsets/postgres").body()))
                .isEqualTo(writable(before));

        // the inventory's application user and database, by SQL on the primary (its NodePort on the first server)
        Resource roles = resources(inventory).get(1);
        Change rolesPlan = roles.check(target(inventory));
        assertThat(rolesPlan.detail()).as("CREATE ROLE (with its verifier), CREATE DATABASE")
                .startsWith("2 statement(s) for users [app] and databases [appdb]");
        roles.apply(target(inventory), rolesPlan);
        Change rolesSecond = roles.check(target(inventory));
        assertThat(rolesSecond.isNone()).as("a second apply changes nothing: " + rolesSecond.detail()).isTrue();
        String server = inventory.hostsWith(org.gardenos.k3s.settings.K3sSection.SERVER).get(0).address();
        PsqlClient client = PsqlClient.onPath();
        PsqlClient.Result asApp = client.run(new PsqlClient.Endpoint(server, pg.nodePorts().primary(), "app",
                RealPostgres.password(state.root(), pg, pg.scope() + "-user-app")), "require", "select current_user");
        assertThat(asApp.stdout()).as(asApp.message()).isEqualTo("app");
        PsqlClient.Result owner = client.run(new PsqlClient.Endpoint(server, pg.nodePorts().primary(), "postgres",
                RealPostgres.password(state.root(), pg, pg.scope() + "-superuser")), "require",
                "select pg_get_userbyid(datdba) from pg_database where datname = 'appdb'");
        assertThat(owner.stdout()).as(owner.message()).isEqualTo("app");
        PsqlClient.Result wrong = client.run(new PsqlClient.Endpoint(server, pg.nodePorts().primary(), "app",
                "not-the-password"), "require", "select 1");
        assertThat(wrong.message()).as("the login check is not vacuous").contains("password authentication failed");
    }

    /** The object without its status and the metadata the server keeps moving (resourceVersion, managedFields). */
    private static JsonNode writable(String json) throws Exception {
        ObjectNode node = (ObjectNode) new ObjectMapper().readTree(json);
        node.remove("status");
        ObjectNode metadata = (ObjectNode) node.get("metadata");
        metadata.remove("resourceVersion");
        metadata.remove("managedFields");
        return node;
    }

    @Test
    @Order(3)
    void failoverDrillThroughHaproxyLosesNoCommittedRow() throws Exception {
        processes.startHaproxy(PostgresHaproxyFragment.render(PostgresRoute.of(pg, ClusterContext.of(inventory, etcd)),
                bridge));
        Psql primary = primary();
        awaitWritable(primary, "select 1", Duration.ofSeconds(60));
        primary.query("create table drill (id int primary key, note text not null)");
        for (int batch = 0; batch < 10; batch++) { // ten commits of 100 rows each
            primary.query("insert into drill select g, 'before' from generate_series(" + (batch * 100 + 1) + ", "
                    + (batch * 100 + 100) + ") g");
        }
        assertThat(primary.query("select count(*) from drill")).isEqualTo(ROWS);
        String oldLeader = RealPostgres.leader(api, pg).orElseThrow();

        long t0 = System.nanoTime();
        RealPostgres.deletePod(client, pg.namespace(), oldLeader);
        String newLeader = Poll.until("a new Patroni leader", Duration.ofSeconds(120), Duration.ofMillis(250),
                () -> RealPostgres.leader(api, pg).orElse(oldLeader), l -> !l.equals(oldLeader),
                l -> new IllegalStateException("no new leader after deleting " + oldLeader));
        Duration toLeader = Duration.ofNanos(System.nanoTime() - t0);
        awaitWritable(primary, "insert into drill values (1001, 'after')", Duration.ofSeconds(90));
        Duration toWrites = Duration.ofNanos(System.nanoTime() - t0);
        System.out.printf("failover: leader %s deleted, new leader %s after %.1f s (ttl %d + loop_wait %d = %d s), "
                        + "writes through HAProxy again after %.1f s%n", oldLeader, newLeader, toLeader.toMillis() / 1000.0,
                RealPostgres.TTL, RealPostgres.LOOP_WAIT, RealPostgres.TTL + RealPostgres.LOOP_WAIT,
                toWrites.toMillis() / 1000.0);

        assertThat(toLeader).isLessThanOrEqualTo(Duration.ofSeconds(RealPostgres.TTL + RealPostgres.LOOP_WAIT));
        assertThat(primary.query("select count(*) from drill where id <= 1000 and note = 'before'")).isEqualTo(ROWS);
        assertThat(primary.query("select count(*) from drill")).isEqualTo("1001");
        // the deleted member comes back on its volume (PGDATA permissions after a re-mount) and replicates again
        awaitHealthy(Duration.ofMinutes(5));
        Psql replica = primary.at(bridge, RealPostgres.REPLICA_PORT);
        assertThat(Poll.until("the replica port serving the rows", Duration.ofSeconds(60), Duration.ofSeconds(1),
                () -> replica.run("select count(*) from drill").stdout(), "1001"::equals,
                out -> new IllegalStateException("replica port: " + out))).isEqualTo("1001");
        assertThat(replica.run("insert into drill values (2000, 'replica')").stderr())
                .contains("cannot execute INSERT in a read-only transaction");
    }

    @Test
    @Order(4)
    void switchoverDrillMovesTheLeaderToTheNamedMemberAndLosesNothing() throws Exception {
        String leader = RealPostgres.leader(api, pg).orElseThrow();
        String candidate = ClusterHealth.members(pg).stream().filter(m -> !m.equals(leader)).findFirst().orElseThrow();
        PostgresOperations ops = new PostgresOperations(inventory, state, etcd, () -> api);

        long t0 = System.nanoTime();
        assertThat(ops.switchover(Optional.of(candidate))).isEqualTo(candidate);
        Poll.until(candidate + " leading", Duration.ofSeconds(60), Duration.ofMillis(250),
                () -> RealPostgres.leader(api, pg).orElse(""), candidate::equals,
                l -> new IllegalStateException("leader is " + l + ", not " + candidate));
        Psql primary = primary();
        awaitWritable(primary, "insert into drill values (1002, 'after switchover')", Duration.ofSeconds(60));
        System.out.printf("switchover %s -> %s, writes through HAProxy again after %.1f s%n", leader, candidate,
                Duration.ofNanos(System.nanoTime() - t0).toMillis() / 1000.0);
        assertThat(primary.query("select count(*) from drill where id <= 1000")).isEqualTo(ROWS);
        assertThat(primary.query("select count(*) from drill")).isEqualTo("1002");
        awaitHealthy(Duration.ofMinutes(3));
    }

    @Test
    @Order(5)
    void validatePassesEveryCheckOnTheRealClusterAndFailsWhenTheLoadBalancerIsGone() {
        PostgresValidation validation = new PostgresValidation(inventory, state, etcd, () -> api, PsqlClient.onPath());
        List<Check> checks = validation.run();
        checks.forEach(c -> System.out.println("validate: " + c.line()));
        assertThat(checks).extracting(Check::name).containsExactly("volumes bound", "patroni", "etcd keys", "ssl",
                "no plain connections", "write and read back", "replicas read-only", "pg_hba");
        assertThat(checks).allMatch(Check::ok, "every check passes");
        assertThat(checks).extracting(Check::line).allMatch(l -> !l.contains("\n"));

        // the same checks against a load balancer port where nothing listens: the SQL checks fail, one line each
        Inventory wrongPort = RealPostgres.LOADER.parse(RealPostgres.inventory(cluster, bridge,
                Optional.of(cluster.storageClass())).replace("primary: " + RealPostgres.PRIMARY_PORT, "primary: 15999"),
                dir.resolve("gardenos.yaml")).inventory();
        List<Check> failed = new PostgresValidation(wrongPort, state, etcd, () -> api, PsqlClient.onPath()).run();
        failed.forEach(c -> System.out.println("validate (no primary port): " + c.line()));
        assertThat(failed).filteredOn(c -> !c.ok()).extracting(Check::name).containsExactly("ssl", "no plain connections",
                "write and read back", "pg_hba");
    }

    @Test
    @Order(6)
    void noPasswordInLogsEventsProcessArgumentsOrWorldReadableFiles() throws Exception {
        List<String> passwords = PasswordLeaks.keptPasswords(state.root());
        // superuser, replication, admin, REST API (+ app users) and etcd's patroni login
        assertThat(passwords).hasSizeGreaterThanOrEqualTo(5);
        assertThat(passwords).contains(Files.readString(state.resolve("etcd/passwords/patroni")).strip());
        PasswordLeaks leaks = new PasswordLeaks(passwords, startedMillis);
        assertThat(leaks.inProcessArguments()).as("process command lines on this machine and its nodes").isEmpty();
        for (String pod : ClusterHealth.members(pg)) {
            String log = api.get("/api/v1/namespaces/" + pg.namespace() + "/pods/" + pod + "/log?tailLines=5000").body();
            assertThat(log).as(pod + "'s log").contains("INFO");
            assertThat(leaks.in(log)).as(pod + "'s log").isEmpty();
        }
        String events = api.get("/api/v1/namespaces/" + pg.namespace() + "/events").body();
        assertThat(events).contains("Scheduled");
        assertThat(leaks.in(events)).as("events").isEmpty();
        assertThat(leaks.in(Files.readString(dir.resolve("etcd.log"), StandardCharsets.UTF_8))).isEmpty();
        Path archive = new PostgresDebug(inventory, state, etcd, () -> api, java.time.Clock.systemUTC()).collect();
        System.out.println("debug archive: " + archive);
        assertThat(Files.getPosixFilePermissions(archive)).isEqualTo(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        java.util.Map<String, String> entries = DebugArchive.read(archive);
        assertThat(entries.keySet()).contains("postgres-debug/pods.json", "postgres-debug/events.json",
                "postgres-debug/persistentvolumeclaims.json", "postgres-debug/storageclasses.json",
                "postgres-debug/nodes.json", "postgres-debug/patroni-cluster.json", "postgres-debug/logs/postgres-0.log",
                "postgres-debug/rendered.yaml");
        assertThat(entries.get("postgres-debug/patroni-cluster.json")).contains("\"role\": \"leader\"");
        assertThat(entries.get("postgres-debug/rendered.yaml")).contains("kind: StatefulSet", java.util.Base64.getEncoder()
                .encodeToString("<redacted>".getBytes(StandardCharsets.UTF_8)));
        assertThat(leaks.in(String.join("\n", entries.values()))).as("debug archive").isEmpty();
        assertThat(leaks.worldReadableFiles(state.root())).as("state directory").isEmpty();
        int nodesRunningAMember = 0;
        for (var node : cluster.nodes()) {
            // includes containerd's metadata database (/var/lib/containerd/io.containerd.metadata.v1.bolt/meta.db,
            // 0644): it holds each container's spec, so a password passed as a secretKeyRef variable would be here
            assertThat(leaks.worldReadableFiles(node.host().rootfs())).as(node.name()).isEmpty();
            // and it is searched whatever its size (the walk skips large files)
            Path metaDb = node.host().rootfs().resolve("var/lib/containerd/io.containerd.metadata.v1.bolt/meta.db");
            String specs = new String(Files.readAllBytes(metaDb), StandardCharsets.ISO_8859_1);
            assertThat(leaks.in(specs)).as(node.name() + " meta.db").isEmpty();
            nodesRunningAMember += specs.contains(PatroniEnvironment.LAUNCHER) ? 1 : 0;
        }
        // not vacuous: the databases do hold the members' container specs (their command names the launcher)
        assertThat(nodesRunningAMember).as("nodes whose meta.db holds a member's spec").isGreaterThanOrEqualTo(1);
    }

    @Test
    @Order(7)
    void doctorNamesThePodNetworkMissingFromPgHbaWhenAReplicaCannotBootstrapForReal() {
        Inventory broken = RealPostgres.LOADER.parse(JournalFailures.inventory(RealPostgres.inventory(cluster, bridge,
                Optional.of(cluster.storageClass()))), dir.resolve("gardenos.yaml")).inventory();
        JournalFailures.apply(target(broken), api, etcd,
                body -> JournalFailures.withoutPodNetworkForReplication(body, "10.214.0.0/16"));
        List<Finding> findings = Poll.until("doctor seeing PostgreSQL refuse the replica", Duration.ofMinutes(4),
                Duration.ofSeconds(3), () -> new PostgresDoctor(broken, () -> api).examine(),
                f -> f.stream().anyMatch(x -> x.cause().contains("refused a replication connection from 10.214.")),
                f -> new IllegalStateException("doctor found only " + f));
        findings.forEach(f -> System.out.println("doctor (pg_hba without the pod network): " + f.line()));
        assertThat(findings).extracting(Finding::line).anyMatch(l -> l.startsWith("pg_hba: patroni.yml's pg_hba has no"
                + " replication line for the pod network 10.214.0.0/16 (replicas stay bootstrapping); fix: admit it"));
        assertThat(findings).extracting(Finding::line).anyMatch(l -> l.matches("pg_hba: broken-[01]: PostgreSQL refused a"
                + " replication connection from 10\\.214\\.[0-9.]+ \\(no pg_hba.conf line admits it; replicas stay"
                + " bootstrapping\\); fix: admit the pod network 10\\.214\\.0\\.0/16 over SSL .*"));
    }

    @Test
    @Order(8)
    void doctorNamesPatroniOnEtcdsV2ApiForReal() throws Exception {
        Inventory broken = RealPostgres.LOADER.parse(JournalFailures.inventory(RealPostgres.inventory(cluster, bridge,
                Optional.of(cluster.storageClass()))), dir.resolve("gardenos.yaml")).inventory();
        JournalFailures.apply(target(broken), api, etcd, JournalFailures::withEtcdV2);
        RealPostgres.deletePod(client, "pgreal-broken", "broken-0"); // restarts Patroni with the v2 section
        List<Finding> findings = Poll.until("doctor seeing Patroni on the v2 API", Duration.ofMinutes(3),
                Duration.ofSeconds(3), () -> new PostgresDoctor(broken, () -> api).examine(),
                f -> f.stream().anyMatch(x -> x.cause().startsWith("broken-0: Patroni talks etcd's v2 API")),
                f -> new IllegalStateException("doctor found only " + f));
        findings.forEach(f -> System.out.println("doctor (etcd v2): " + f.line()));
        assertThat(findings).extracting(Finding::line).contains("etcd v2 API: patroni.yml has an etcd: section: Patroni"
                + " would use etcd's v2 API, which etcd 3.4 disables and 3.6 removes; fix: configure the v3 API:"
                + " ETCD3_HOSTS (Spilo) or an etcd3: section (patroni.yml), never ETCD_HOST or etcd:; gardenos apply"
                + " postgres renders it");
        RealPostgres.deleteNamespace(client, "pgreal-broken");
    }

    private void awaitHealthy(Duration timeout) {
        fixture.awaitHealthy(timeout);
    }

    private static void awaitWritable(Psql psql, String sql, Duration timeout) {
        Poll.until("'" + sql + "' through HAProxy", timeout, Duration.ofMillis(500), () -> psql.run(sql),
                Psql.Result::ok, r -> new IllegalStateException("'" + sql + "' still failing: " + r.stderr()));
    }
}
