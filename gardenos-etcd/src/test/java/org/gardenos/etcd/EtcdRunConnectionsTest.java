package org.gardenos.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.gardenos.artifact.ReleaseArtifact;
import org.gardenos.engine.Change;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.etcd.pki.EtcdPki;
import org.gardenos.etcd.settings.EtcdSection;
import org.gardenos.etcd.settings.EtcdSettings;
import org.gardenos.etcd.support.PkiTlsFiles;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.inventory.SshSettings;
import org.gardenos.state.StateDir;
import org.gardenos.testkit.etcd.EtcdPrerequisites;
import org.gardenos.testkit.etcd.LocalEtcdCluster;
import org.gardenos.testkit.etcd.LocalEtcdMember;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: the checks of one run of the etcd layer that talk to etcd (stale members, cluster health, access
 * control) share one connection per client identity: against a real 3-member TLS etcd on loopback, TLS handshakes
 * are counted from the JDK's own {@code jdk.TLSHandshake} events. Before, each check built its own jetcd client
 * and TLS context: 4 handshakes with every member per run (12), 4 contexts.
 */
class EtcdRunConnectionsTest {
    @TempDir
    static Path dir;
    static LocalEtcdCluster cluster;
    static StateDir state;
    static Inventory inventory;

    @BeforeAll
    static void start() {
        EtcdPrerequisites.requireEtcd();
        state = StateDir.open(dir.resolve("state"));
        PkiTlsFiles files = new PkiTlsFiles(state);
        cluster = LocalEtcdCluster.builder().members(3).tls(files).build().start();
        // every member's certificates as the layer issues them (memberCurrent checks the peer ones too)
        EtcdPki.ensure(state, cluster.members().stream().map(m -> new EtcdPki.Member(m.name(), m.address())).toList());
        List<HostSpec> hosts = cluster.members().stream().map(m -> HostSpec.of(m.name(), m.address(), EtcdSection.ROLE))
                .toList();
        inventory = Inventory.builder().cluster("local")
                .ssh(new SshSettings("root", 22, Path.of("id"), Path.of("known_hosts"), Duration.ofSeconds(5),
                        Duration.ofMinutes(5)))
                .hosts(hosts)
                .section(new EtcdSettings("3.4.23", cluster.members().get(0).clientPort(), 2380, "/var/lib/etcd", true,
                        Optional.empty(), Optional.empty(), "https://downloads.example.org/etcd"))
                .build();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theChecksOfARunShareOneTlsContextPerIdentityAndOneHandshakeWithEachMember() throws Exception {
        EtcdRun run = run();
        Map<String, Integer> handshakes;
        try {
            handshakes = countingHandshakes(() -> {
                // what a plan asks (the last play's check twice: a run may ask a check again after an apply)
                check(run, new EtcdStaleMembers(run, Optional.empty()));
                check(run, new EtcdClusterHealthy(run));
                check(run, new EtcdAccessControl(run));
                check(run, new EtcdAccessControl(run));
            });
        } finally {
            run.close();
        }
        // gardenos: one connection per member for all checks; k3s ("is auth on"): one, to the first member
        assertThat(handshakes).isEqualTo(Map.of(address(0), 2, address(1), 1, address(2), 1));
        assertThat(run.clients().contextsBuilt()).as("TLS contexts: gardenos and k3s").isEqualTo(2);
        // channels to every member per identity; the k3s ones connect lazily, only the one asked connects (above)
        assertThat(run.clients().channelsOpened()).isEqualTo(6);
        assertThat(run.clients().channelsOpen()).as("closed with the run").isZero();
    }

    /**
     * The run's start ({@link EtcdRun#start}) connects the channels the checks use and verifies every member's PKI
     * files ahead, so the checks of a no-op plan make no handshake, build no context, open no channel and verify
     * nothing of their own (without the start: 4 handshakes, 2 contexts, 6 channels and 3 verifications in the
     * checks, as in the test above).
     */
    @Test
    void theRunsStartConnectsAndVerifiesAheadOfTheChecks() throws Exception {
        EtcdRun run = run();
        Map<String, Integer> ahead;
        Map<String, Integer> inChecks;
        try {
            ahead = countingHandshakes(() -> {
                run.start(state);
                run.awaitStart();
                // the handshakes end on Netty's threads: waited for (bounded), not timed
                long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (run.clients().channelsReady() < 4 && System.nanoTime() < until) {
                    java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
                }
            });
            assertThat(run.clients().contextsBuilt()).isEqualTo(2);
            assertThat(run.clients().channelsOpened()).isEqualTo(6);
            assertThat(run.memberVerifications()).as("every member's PKI files, verified ahead").isEqualTo(3);
            inChecks = countingHandshakes(() -> {
                cluster.members().forEach(m -> assertThat(run.memberCurrent(state,
                        new EtcdPki.Member(m.name(), m.address()))).isTrue());
                assertThat(check(run, new EtcdStaleMembers(run, Optional.empty())).isNone()).isTrue();
                assertThat(check(run, new EtcdClusterHealthy(run)).isNone()).isTrue();
                check(run, new EtcdAccessControl(run));
            });
        } finally {
            run.close();
        }
        assertThat(ahead).isEqualTo(Map.of(address(0), 2, address(1), 1, address(2), 1));
        assertThat(inChecks).as("handshakes in the checks").isEmpty();
        assertThat(run.clients().contextsBuilt()).isEqualTo(2);
        assertThat(run.clients().channelsOpened()).isEqualTo(6);
        assertThat(run.memberVerifications()).isEqualTo(3);
        assertThat(run.clients().channelsOpen()).as("closed with the run").isZero();
    }

    /**
     * A member that refused the start's connection is connected again by the first check that asks for the shared
     * channels, not answered from gRPC's reconnect back-off: the check's change is the one of a run without the
     * start, and it opened a fresh set of channels (without the refresh: 8 channels, the start's).
     */
    @Test
    void aConnectionRefusedAtTheStartIsMadeAgainByTheFirstCheck() throws Exception {
        String down = address(0).replaceAll("\\.\\d+$", ".19"); // in the cluster's loopback block, nothing listens
        List<HostSpec> hosts = new java.util.ArrayList<>(inventory.hostsWith(EtcdSection.ROLE));
        hosts.add(HostSpec.of("gone", down, EtcdSection.ROLE));
        Inventory withDown = Inventory.builder().cluster("local").ssh(inventory.ssh()).hosts(hosts)
                .section(inventory.section(EtcdSettings.class)).build();
        EtcdRun started = new EtcdRun(withDown, ReleaseArtifact.withCache(dir.resolve("cache")),
                EtcdTimeouts.defaults(), Optional.empty(), true);
        EtcdRun without = new EtcdRun(withDown, ReleaseArtifact.withCache(dir.resolve("cache")),
                EtcdTimeouts.defaults(), Optional.empty(), true);
        try {
            started.start(state);
            started.awaitStart();
            // waited for (bounded), not timed: the refusal reaches the channel on Netty's thread
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (started.clients().channelsFailed() < 1 && System.nanoTime() < until) {
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
            }
            assertThat(started.clients().channelsFailed()).as("the start's connection to " + down).isEqualTo(1);
            assertThat(started.clients().channelsOpened()).isEqualTo(8);
            Change afterStart = check(withDown, started, new EtcdClusterHealthy(started));
            Change plain = check(withDown, without, new EtcdClusterHealthy(without));
            assertThat(afterStart).isEqualTo(plain);
            assertThat(afterStart.detail()).contains("3/3 members healthy");
            assertThat(started.clients().channelsOpened()).as("the start's 8, then 4 fresh gardenos ones")
                    .isEqualTo(12);
        } finally {
            started.close();
            without.close();
        }
        assertThat(started.clients().channelsOpen()).isZero();
    }

    /** A run that shares no channels (operations) starts nothing ahead: nothing would close what it opened. */
    @Test
    void aRunThatSharesNothingStartsNothingAhead() {
        EtcdRun ops = new EtcdRun(inventory, ReleaseArtifact.withCache(dir.resolve("cache")), EtcdTimeouts.defaults());
        ops.start(state);
        ops.awaitStart();
        assertThat(ops.clients().channelsOpened()).isZero();
        assertThat(ops.memberVerifications()).isZero();
    }

    @Test
    void membersChangedMakesTheNextCheckConnectAgainWithTheSameContexts() throws Exception {
        EtcdRun run = run();
        Map<String, Integer> handshakes;
        try {
            handshakes = countingHandshakes(() -> {
                check(run, new EtcdClusterHealthy(run));
                run.membersChanged();
                check(run, new EtcdClusterHealthy(run));
            });
        } finally {
            run.close();
        }
        assertThat(handshakes).isEqualTo(Map.of(address(0), 2, address(1), 2, address(2), 2));
        assertThat(run.clients().contextsBuilt()).isEqualTo(1);
    }

    @Test
    void aReissuedClientCertificateGetsANewTlsContextThatEtcdAccepts() throws Exception {
        EtcdRun run = run();
        try {
            assertThat(check(run, new EtcdClusterHealthy(run)).isNone()).isTrue();
            EtcdPki.reissueLeaves(state, List.of());
            run.membersChanged();
            assertThat(check(run, new EtcdClusterHealthy(run)).isNone()).as("healthy with the new certificate").isTrue();
            assertThat(run.clients().contextsBuilt()).isEqualTo(2);
        } finally {
            run.close();
        }
    }

    /** A run that shares nothing (operations: nothing closes it) keeps no channel open after a check. */
    @Test
    void aRunThatSharesNothingClosesTheChannelsOfEveryCheck() {
        EtcdRun ops = new EtcdRun(inventory, ReleaseArtifact.withCache(dir.resolve("cache")), EtcdTimeouts.defaults());
        check(ops, new EtcdStaleMembers(ops, Optional.empty()));
        check(ops, new EtcdClusterHealthy(ops));
        check(ops, new EtcdAccessControl(ops));
        assertThat(ops.clients().channelsOpened()).isEqualTo(12);
        assertThat(ops.clients().channelsOpen()).as("channels still open").isZero();
    }

    @Test
    void thePkiFilesOfAMemberAreVerifiedOncePerContent() {
        EtcdRun run = run();
        LocalEtcdMember m = cluster.members().get(0);
        EtcdPki.Member member = new EtcdPki.Member(m.name(), m.address());
        assertThat(run.memberCurrent(state, member)).isTrue();
        assertThat(run.memberCurrent(state, member)).isTrue();
        assertThat(run.memberCurrent(state, new EtcdPki.Member(m.name(), "127.9.9.9"))).as("other SANs").isFalse();
        run.close();
    }

    private static EtcdRun run() {
        return new EtcdRun(inventory, ReleaseArtifact.withCache(dir.resolve("cache")), EtcdTimeouts.defaults(),
                Optional.empty(), true);
    }

    private static Change check(EtcdRun run, Resource r) {
        return check(inventory, run, r);
    }

    private static Change check(Inventory inventory, EtcdRun run, Resource r) {
        try {
            return r.check(new Target(inventory.hostsWith(EtcdSection.ROLE).get(0), null, inventory, state));
        } catch (Exception e) {
            throw new AssertionError(r.name() + ": " + e, e);
        }
    }

    private static String address(int member) {
        return cluster.members().get(member).address();
    }

    /** TLS handshakes this JVM completed while {@code work} ran, by peer address. */
    private static Map<String, Integer> countingHandshakes(Runnable work) throws Exception {
        Path file = dir.resolve("tls-" + System.nanoTime() + ".jfr");
        try (Recording r = new Recording()) {
            r.enable("jdk.TLSHandshake");
            r.start();
            work.run();
            r.stop();
            r.dump(file);
        }
        Map<String, Integer> byPeer = new TreeMap<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            byPeer.merge(e.getString("peerHost"), 1, Integer::sum);
        }
        return byPeer;
    }
}
