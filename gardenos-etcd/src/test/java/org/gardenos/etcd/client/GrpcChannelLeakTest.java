package org.gardenos.etcd.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.gardenos.etcd.EtcdDefrag;
import org.gardenos.etcd.status.EtcdClusterStatus;
import org.gardenos.etcd.status.EtcdStatusProbe;
import org.gardenos.etcd.support.PkiTlsFiles;
import org.gardenos.state.StateDir;
import org.gardenos.testkit.etcd.EtcdPrerequisites;
import org.gardenos.testkit.etcd.LocalEtcdCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 item 11: no gRPC channel is left to the garbage collector ("ManagedChannel ... was garbage collected
 * without being shut down", logged by {@code io.grpc.internal.ManagedChannelOrphanWrapper} through
 * java.util.logging when the next channel is made after a GC). Real TLS etcd (3 members on loopback) plus a
 * "silent member": a TCP listener on loopback that accepts and never answers, the way a hung host behaves.
 */
class GrpcChannelLeakTest {
    private static final String ORPHAN_LOGGER = "io.grpc.internal.ManagedChannelOrphanWrapper";
    /**
     * Held strongly: java.util.logging keeps loggers only weakly, so a handler added to a logger nobody else holds
     * yet (gRPC's class not loaded) could be collected with it by the test's own {@code System.gc()}.
     */
    private static final Logger ORPHAN_LOG = Logger.getLogger(ORPHAN_LOGGER);
    private static final String ORPHAN_MESSAGE = "was garbage collected without being shut down";

    @TempDir
    static Path dir;
    static LocalEtcdCluster cluster;
    static PkiTlsFiles files;
    static ServerSocket silent;
    static final List<Socket> held = new CopyOnWriteArrayList<>();

    final List<LogRecord> orphans = new CopyOnWriteArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                orphans.add(r);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    static void start() throws IOException {
        EtcdPrerequisites.requireEtcd();
        files = new PkiTlsFiles(StateDir.open(dir.resolve("state")));
        cluster = LocalEtcdCluster.builder().members(3).tls(files).build().start();
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    held.add(silent.accept());
                } catch (IOException e) {
                    return;
                }
            }
        }, "silent-member");
        accept.setDaemon(true);
        accept.start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (silent != null) {
            silent.close();
        }
        for (Socket s : held) {
            s.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void listen() {
        ORPHAN_LOG.addHandler(capture);
    }

    @AfterEach
    void unlisten() {
        ORPHAN_LOG.removeHandler(capture);
    }

    private EtcdConnection connection(List<URI> endpoints) {
        return EtcdConnection.tls(endpoints, EtcdConnection.ClientTls.gardenos(files.pki()))
                .withTimeout(Duration.ofMillis(800));
    }

    @Test
    void probesOfHealthyAndSilentMembersLeaveNoChannelToTheGarbageCollector() throws Exception {
        List<URI> endpoints = new ArrayList<>(cluster.endpoints());
        endpoints.add(URI.create("https://127.0.0.1:" + silent.getLocalPort()));
        for (int i = 0; i < 4; i++) {
            EtcdClusterStatus s = new EtcdStatusProbe(connection(endpoints)).probe();
            assertThat(s.members()).hasSize(4);
            assertThat(s.members().get(3).reachable()).isFalse();
        }
        assertNoOrphanedChannel();
    }

    @Test
    void probesOfStoppedMembersAndOfACLusterWithoutQuorumLeaveNoChannelToTheGarbageCollector() throws Exception {
        // stopped members refuse at once; the healthy ones get time to answer under load (an 800 ms call to a busy
        // member would count it down and turn DEGRADED into NO_QUORUM)
        EtcdConnection generous = connection(cluster.endpoints()).withTimeout(Duration.ofSeconds(5));
        try {
            cluster.stop(2);
            for (int i = 0; i < 3; i++) {
                assertThat(new EtcdStatusProbe(generous).probe().verdict()).isEqualTo(EtcdClusterStatus.Verdict.DEGRADED);
            }
            cluster.stop(1);
            for (int i = 0; i < 3; i++) {
                assertThat(new EtcdStatusProbe(generous).probe().verdict()).isEqualTo(EtcdClusterStatus.Verdict.NO_QUORUM);
            }
        } finally {
            // only what was stopped: a failed assertion above must surface, not a start of a running member
            for (int m : new int[] {1, 2}) {
                if (!cluster.isRunning(m)) {
                    cluster.start(m);
                }
            }
            cluster.awaitHealthy(Duration.ofSeconds(60));
        }
        assertNoOrphanedChannel();
    }

    /**
     * The path that leaked: a caller stops waiting for a per-member call (its own timeout) and closes the client
     * while the call still runs; the client settles the call first, so jetcd shuts the call's channel down.
     */
    @Test
    void aPerMemberCallGivenUpBeforeItEndsIsSettledBeforeTheClientCloses() throws Exception {
        URI silentMember = URI.create("https://127.0.0.1:" + silent.getLocalPort());
        for (int i = 0; i < 3; i++) {
            try (SettlingClient c = connection(List.of(silentMember)).openSettling()) {
                c.statusMember(silentMember.toString());
            }
        }
        assertNoOrphanedChannel();
    }

    @Test
    void defragLeavesNoChannelToTheGarbageCollector() throws Exception {
        assertThat(new EtcdDefrag(connection(cluster.endpoints()), Duration.ofSeconds(20)).run()).hasSize(3);
        assertNoOrphanedChannel();
    }

    /** The detector's own check: a channel dropped without shutdown is reported, so its silence above means something. */
    @Test
    void theDetectorReportsADeliberatelyLeakedGrpcChannel() throws Exception {
        leakPlainChannel();

        assertThat(awaitOrphanReports(1)).as("reports of the leaked channel").isGreaterThanOrEqualTo(1);
        assertThat(orphans.get(0).getMessage()).contains(ORPHAN_MESSAGE);
        assertThat(orphans.get(0).getLevel()).isEqualTo(Level.SEVERE);
    }

    /**
     * ...and so is a channel built the way jetcd builds every channel of a client (Vert.x's
     * {@code VertxChannelBuilder} on the client's Vert.x instance), dropped without shutdown while that Vert.x runs.
     */
    @Test
    void theDetectorReportsADroppedChannelBuiltTheWayJetcdBuildsIt() throws Exception {
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try {
            io.vertx.grpc.VertxChannelBuilder.forTarget(vertx, "127.0.0.1:1").usePlaintext().build();

            assertThat(awaitOrphanReports(1)).as("reports of the dropped Vert.x-built channel").isGreaterThanOrEqualTo(1);
            assertThat(orphans.get(0).getMessage()).contains(ORPHAN_MESSAGE);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private static void leakPlainChannel() {
        ManagedChannelBuilder.forTarget("127.0.0.1:1").usePlaintext().build();
    }

    /**
     * Collects garbage and makes new channels (the wrapper reports orphans only while constructing the next channel)
     * until {@code wanted} reports came or 60 rounds passed; returns how many came.
     */
    private int awaitOrphanReports(int wanted) throws InterruptedException {
        for (int i = 0; i < 60 && orphans.size() < wanted; i++) {
            collectAndCheck();
        }
        // drain: a leak of more channels than wanted must be reported here, not in the next test
        for (int i = 0; i < 10; i++) {
            collectAndCheck();
        }
        return orphans.size();
    }

    private static void collectAndCheck() throws InterruptedException {
        System.gc();
        Thread.sleep(200);
        ManagedChannelBuilder.forTarget("127.0.0.1:1").usePlaintext().build().shutdownNow();
    }

    /**
     * Collects garbage and makes new channels until the orphan check ran over everything collected: the wrapper
     * reports orphans only while constructing the next channel.
     */
    private void assertNoOrphanedChannel() throws InterruptedException {
        for (int i = 0; i < 15; i++) {
            System.gc();
            Thread.sleep(300);
            ManagedChannelBuilder.forTarget("127.0.0.1:1").usePlaintext().build().shutdownNow();
        }
        assertThat(orphans).as("orphaned gRPC channels").extracting(LogRecord::getMessage).isEmpty();
    }
}
