package org.gardenos.postgres.realcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.models.V1Scale;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.gardenos.engine.Change;
import org.gardenos.engine.Poll;
import org.gardenos.engine.Resource;
import org.gardenos.error.GardenException;
import org.gardenos.inventory.Inventory;
import org.gardenos.postgres.backup.BackupService;
import org.gardenos.postgres.backup.Catalog;
import org.gardenos.postgres.backup.DatabaseState;
import org.gardenos.postgres.backup.DockerEndpoint;
import org.gardenos.postgres.backup.DockerEngine;
import org.gardenos.postgres.backup.Manifest;
import org.gardenos.postgres.backup.MigrationOptions;
import org.gardenos.postgres.backup.MigrationReport;
import org.gardenos.postgres.backup.MigrationService;
import org.gardenos.postgres.backup.PgClientTools;
import org.gardenos.postgres.backup.PostgresBackups;
import org.gardenos.postgres.backup.PostgresUrl;
import org.gardenos.postgres.backup.Progress;
import org.gardenos.postgres.backup.ServerState;
import org.gardenos.postgres.backup.SupabaseShapedContainer;
import org.gardenos.postgres.backup.UrlEndpoint;
import org.gardenos.postgres.lb.PostgresHaproxyFragment;
import org.gardenos.postgres.lb.PostgresRoute;
import org.gardenos.postgres.model.ClusterContext;
import org.gardenos.postgres.ops.PostgresOperations;
import org.gardenos.postgres.patroni.ClusterHealth;
import org.gardenos.postgres.settings.PostgresSettings;
import org.gardenos.postgres.status.PostgresStatus;
import org.gardenos.remote.ssh.LoopbackSshHost;
import org.gardenos.status.Health;
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
 * Issue 12's drills against the postgres layer's cluster on the testkit's REAL Kubernetes (3 nodes, the Patroni
 * image built here, real etcd and HAProxy on the bridge: {@link RealClusterFixture}), with the source a REAL Docker
 * engine (Debian's docker.io) running a Supabase-shaped PostgreSQL 15, backed up over a REAL sshd. One cluster
 * bring-up, the steps in order: bring-up; the Docker database migrated into the cluster's primary under another
 * name ({@code --into-database supabase}: the cluster's own {@code postgres} is taken), equal on the primary and on
 * the replicas; the cluster's own backup, a dropped table, the restore, equal; a migration refused in one line while
 * the cluster is DEGRADED (a member scaled away), nothing changed. Own namespace and NodePorts, so it never meets
 * {@link PostgresOnRealClusterTest}'s terminating namespace in the same JVM.
 */
@WithKubernetes(nodes = 3)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigrationIntoRealClusterTest {
    private static final String NAMESPACE = "pgmigrate";
    private static final int PRIMARY_PORT = 15442;
    private static final int REPLICA_PORT = 15443;
    private static final String INTO = "supabase";
    private final KubernetesCluster cluster;
    private RealClusterFixture fixture;
    private DockerEngine docker;
    private LoopbackSshHost ssh;
    private Inventory inventory;
    private PostgresSettings pg;
    private PostgresOperations ops;
    private PostgresStatus status;
    private PostgresBackups backups;
    private Path dockerBackup;

    MigrationIntoRealClusterTest(KubernetesCluster cluster) {
        this.cluster = cluster;
    }

    @BeforeAll
    void start() throws Exception {
        DockerEngine.requirePrerequisitesBesideACluster(Duration.ofMinutes(3));
        LoopbackSshHost.requirePrerequisites();
        fixture = RealClusterFixture.start(cluster, "gardenos-pgmigrate-", text -> text
                .replace("postgres:\n", "postgres:\n  namespace: " + NAMESPACE + "\n")
                .replace("primary: " + RealPostgres.PRIMARY_PORT, "primary: " + PRIMARY_PORT)
                .replace("replica: " + RealPostgres.REPLICA_PORT, "replica: " + REPLICA_PORT));
        inventory = fixture.inventory();
        pg = fixture.pg();
        assertThat(pg.namespace()).isEqualTo(NAMESPACE);
        assertThat(pg.ports().primary()).isEqualTo(PRIMARY_PORT);
        docker = DockerEngine.start(fixture.dir().resolve("docker"));
        SupabaseShapedContainer.start(docker, fixture.dir());
        ssh = LoopbackSshHost.start(fixture.dir().resolve("ssh"), "127.0.0.68", "dockerhost");
        ops = new PostgresOperations(inventory, fixture.state(), fixture.etcd(), fixture::api);
        status = new PostgresStatus(inventory, fixture::api);
        backups = new PostgresBackups(inventory, fixture.state(), host -> {
            throw new AssertionError("the cluster's backups reach no inventory host over SSH: " + host.name());
        }, () -> ops, () -> status);
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {ssh, docker, fixture}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                System.out.println("cleanup: " + e);
            }
        }
    }

    /** psql, pg_dump, pg_restore of this machine against the cluster's primary (or replicas) through HAProxy. */
    private PgClientTools tools(boolean replica) {
        return new PgClientTools(PostgresUrl.parse(ops.url(replica, Optional.empty(), true)), fixture.dir(),
                Path.of(""));
    }

    @Test
    @Order(1)
    void theClusterComesUpHealthyAndItsPrimaryAnswersThroughHaproxy() throws Exception {
        Resource resource = fixture.resources(inventory).get(0);
        long t0 = System.nanoTime();
        Change plan = resource.check(fixture.target(inventory));
        resource.apply(fixture.target(inventory), plan);
        StatusReport health = awaitStatusHealthy();
        System.out.printf("cluster %s up in %d s: %s%n", NAMESPACE, Duration.ofNanos(System.nanoTime() - t0).toSeconds(),
                health.summary());
        assertThat(health.items()).hasSize(3);
        fixture.processes().startHaproxy(PostgresHaproxyFragment.render(PostgresRoute.of(pg, ClusterContext.of(
                inventory, fixture.etcd())), fixture.bridge()));
        try (PgClientTools primary = tools(false)) {
            String answer = Poll.until("the primary through HAProxy", Duration.ofSeconds(90), Duration.ofSeconds(1),
                    () -> answerOf(primary), "f"::equals,
                    a -> new IllegalStateException("the primary through HAProxy answers: " + a));
            assertThat(answer).isEqualTo("f");
        }
    }

    @Test
    @Order(2)
    void theDockerDatabaseArrivesInTheClusterUnderAnotherNameEqualOnThePrimaryAndTheReplicas() throws Exception {
        long t0 = System.nanoTime();
        StringWriter progress = new StringWriter();
        dockerBackup = new BackupService(Clock.systemUTC()).backup(new DockerEndpoint(ssh.remote(),
                SupabaseShapedContainer.NAME, "postgres", Optional.of(docker.host()), Duration.ofMinutes(10)),
                List.of(), backups.backupsDir(), new Progress(new PrintWriter(progress, true)));
        DatabaseState inBackup = Manifest.besides(dockerBackup).database("postgres").orElseThrow();
        assertThat(progress.toString()).contains("dump of postgres: ");
        MigrationOptions options = new MigrationOptions(List.of(), false, false, Optional.of(INTO));

        awaitStatusHealthy();
        MigrationReport dry = backups.migrate(dockerBackup, Optional.empty(), new MigrationOptions(List.of(), true,
                false, Optional.of(INTO)));
        assertThat(dry.plan()).anySatisfy(l -> assertThat(l).startsWith("database postgres into database supabase:"
                + " create and restore 4 tables, 57000 rows"));
        MigrationReport report = backups.migrate(dockerBackup, Optional.empty(), options);
        assertThat(report.differences()).isEmpty();
        DatabaseState restored = report.restored().get(0);
        System.out.printf("migration drill into the real cluster: docker:dockerhost/supabase-db (postgres) -> %s"
                + " on the primary in %d s (restore and compare %d ms)%n", INTO,
                Duration.ofNanos(System.nanoTime() - t0).toSeconds(), report.took().toMillis());
        restored.tables().forEach(t -> System.out.printf("  %-22s %7d rows  md5 %s (equal)%n", t.qualified(), t.rows(),
                t.md5()));
        assertThat(restored.name()).isEqualTo(INTO);
        assertThat(restored.tables()).isEqualTo(inBackup.tables());
        assertThat(restored.sequences()).isEqualTo(inBackup.sequences());
        assertThat(restored.tables()).hasSize(4).allSatisfy(t -> assertThat(t.rows()).isGreaterThanOrEqualTo(10_000));

        // the replicas have replayed it: the same comparison through the replica port
        try (PgClientTools replicas = tools(true)) {
            List<String> seen = Poll.until("the replicas equal to the backup", Duration.ofMinutes(2),
                    Duration.ofSeconds(2), () -> differences(replicas, options), List::isEmpty,
                    d -> new IllegalStateException("replicas differ: " + d));
            assertThat(seen).isEmpty();
        }
    }

    @Test
    @Order(3)
    void ownBackupOfTheClusterDropTableRestoreDrillEndsEqual() throws Exception {
        Path own = backups.backupCluster(List.of(INTO), Progress.silent());
        Manifest manifest = Manifest.besides(own);
        assertThat(manifest.source()).isEqualTo("cluster-" + inventory.cluster());
        assertThat(manifest.database(INTO).orElseThrow().tables())
                .isEqualTo(Manifest.besides(dockerBackup).database("postgres").orElseThrow().tables());
        try (PgClientTools primary = tools(false)) {
            primary.psql(INTO, "DROP TABLE storage.objects;");
            assertThat(new MigrationService().compare(own, primary, List.of())).containsExactly(
                    "database supabase: table storage.objects: 12000 rows in the backup, missing on the target");
        }
        awaitStatusHealthy(); // the replicas replay the big restore of step 2: a migration waits for none
        MigrationReport report = backups.migrate(own, Optional.empty(), new MigrationOptions(List.of(INTO), false,
                true));
        assertThat(report.differences()).isEmpty();
        assertThat(report.restored().get(0).tables()).extracting(DatabaseState.TableState::qualified)
                .contains("storage.objects");
        System.out.println("own backup of the real cluster + drop table + restore: " + report.restored().get(0).rows()
                + " rows equal in " + report.took().toMillis() + " ms");
    }

    @Test
    @Order(4)
    void aMigrationIsRefusedInOneLineWhileTheClusterIsDegradedAndNothingChanges() throws Exception {
        awaitStatusHealthy(); // the replicas have replayed step 3's restore: what follows is the scaling alone
        ServerState before;
        try (PgClientTools primary = tools(false)) {
            before = new Catalog(new UrlEndpoint(primary, "primary")).server();
        }
        List<String> members = ClusterHealth.members(pg);
        String gone = members.get(members.size() - 1);
        scaleTo(members.size() - 1); // the StatefulSet removes its last member; Patroni's key expires after ttl
        StatusReport degraded = Poll.until("status DEGRADED with " + gone + " missing", Duration.ofMinutes(3),
                Duration.ofSeconds(2), status::probe, r -> r.health() == Health.DEGRADED
                        && r.summary().contains("member " + gone + " missing"),
                r -> new IllegalStateException("status: " + r.health() + " " + r.summary()));
        System.out.println("status while a member is scaled away: " + degraded.health() + " " + degraded.summary());

        assertThatThrownBy(() -> backups.migrate(dockerBackup, Optional.empty(), new MigrationOptions(List.of(), false,
                false, Optional.of("supabase2"))))
                .isInstanceOf(GardenException.class)
                .hasMessageStartingWith("refused: cluster '" + inventory.cluster() + "' is DEGRADED (")
                .hasMessageContaining("member " + gone + " missing")
                .hasMessageEndingWith("; nothing was changed")
                .hasMessageNotContaining("\n");
        try (PgClientTools primary = tools(false)) {
            ServerState after = new Catalog(new UrlEndpoint(primary, "primary")).server();
            assertThat(after).isEqualTo(before);
            assertThat(after.databases()).contains(INTO).doesNotContain("supabase2");
        }
    }

    /**
     * What {@code status postgres} (and so a migration's check) says, once HEALTHY: a leader, every replica streaming
     * within maxLagBytes. Under load a replica may still replay a big restore for a while: waited for, bounded.
     */
    private StatusReport awaitStatusHealthy() {
        return Poll.until("status postgres HEALTHY", Duration.ofMinutes(3), Duration.ofSeconds(2), status::probe,
                r -> r.health() == Health.HEALTHY, r -> new IllegalStateException("status: " + r.health() + " "
                        + r.summary()));
    }

    private void scaleTo(int replicas) throws Exception {
        AppsV1Api apps = new AppsV1Api(fixture.client());
        V1Scale scale = apps.readNamespacedStatefulSetScale(pg.scope(), NAMESPACE).execute();
        scale.getSpec().setReplicas(replicas);
        apps.replaceNamespacedStatefulSetScale(pg.scope(), NAMESPACE, scale).execute();
    }

    /** pg_is_in_recovery() through the primary port, or the one-line failure (HAProxy not yet routing). */
    private static String answerOf(PgClientTools primary) {
        try {
            return primary.psql("postgres", "SELECT pg_is_in_recovery();").strip();
        } catch (GardenException e) {
            return e.getMessage();
        }
    }

    /** The comparison through {@code tools}, or the one-line failure (a replica that has not replayed it yet). */
    private List<String> differences(PgClientTools tools, MigrationOptions options) {
        try {
            return new MigrationService().compare(dockerBackup, tools, options);
        } catch (GardenException e) {
            return List.of(e.getMessage());
        }
    }
}
