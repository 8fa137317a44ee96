package org.gardenos.etcd;

import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import java.util.Optional;
import java.util.stream.Collectors;
import org.gardenos.etcd.access.EtcdPasswords;
import org.gardenos.etcd.access.GrpcAuthReads;
import org.gardenos.etcd.access.EtcdAccessPolicy;
import org.gardenos.etcd.client.EtcdConnection;
import org.gardenos.etcd.client.MemberChannels;
import org.gardenos.etcd.pki.EtcdPki;
import org.gardenos.etcd.status.EtcdClusterStatus;
import org.gardenos.etcd.status.EtcdMemberHealth;
import org.gardenos.etcd.status.EtcdStatusProbe;
import org.gardenos.inventory.Inventory;
import org.gardenos.state.StateDir;
import org.gardenos.status.Health;
import org.gardenos.status.LayerStatus;
import org.gardenos.status.StatusItem;
import org.gardenos.status.StatusReport;
import org.gardenos.etcd.settings.EtcdSection;
import org.gardenos.etcd.settings.EtcdSettings;

/**
 * {@code gardenos status etcd}: the {@link EtcdStatusProbe} verdict as a {@link StatusReport}, one row per member
 * (HEALTHY, DEGRADED: quorum held with members down, DOWN: no quorum). Talks to etcd directly, not over SSH.
 */
public final class EtcdStatus implements LayerStatus {
    private final Inventory inventory;
    private final StateDir state;
    private final BiFunction<EtcdConnection, MemberChannels, EtcdClusterStatus> members;
    private final BiFunction<EtcdConnection, MemberChannels, StatusItem> access;

    @Inject
    public EtcdStatus(Inventory inventory, StateDir state) {
        this(inventory, state, (c, channels) -> new EtcdStatusProbe(c).probe(channels),
                (c, channels) -> access(c, channels, state));
    }

    /** With the two halves of the probe given (tests: whether they overlap); both get the same member channels. */
    EtcdStatus(Inventory inventory, StateDir state, BiFunction<EtcdConnection, MemberChannels, EtcdClusterStatus> members,
               BiFunction<EtcdConnection, MemberChannels, StatusItem> access) {
        this.inventory = inventory;
        this.state = state;
        this.members = members;
        this.access = access;
    }

    @Override
    public String layer() {
        return "etcd";
    }

    /**
     * The members' probe and the access check run at the same time over the same channel per member (issue 13:
     * one after the other they were the longest path of {@code status base etcd lb}, and the access check started
     * two jetcd clients with TLS contexts and connections of their own; it now reads over plain gRPC,
     * {@link GrpcAuthReads}). The access row is still reported only when the members hold quorum; without quorum
     * its check is interrupted and its channels closed, not waited for, so a dead cluster costs what the members'
     * probe costs.
     */
    @Override
    public StatusReport probe() {
        if (inventory.hostsWith(EtcdSection.ROLE).isEmpty()) {
            return new StatusReport(layer(), Health.DOWN, "no host has the role etcd", List.of());
        }
        boolean tls = inventory.section(EtcdSettings.class).tls();
        if (tls) {
            List<java.nio.file.Path> missing = EtcdPki.missingClientFiles(state.root());
            if (!missing.isEmpty()) {
                return new StatusReport(layer(), Health.DOWN, missing.get(0) + " is missing: no etcd PKI of cluster '"
                        + inventory.cluster() + "' in this state directory; hint: pass the --state-dir that"
                        + " 'gardenos apply etcd' used, or run it first", List.of());
            }
        }
        // the PKI as it is: status issues nothing (EtcdConnection.of would) and a bad file fails the handshake
        EtcdConnection connection = EtcdConnection.asIs(inventory, state);
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "etcd-access-status");
            t.setDaemon(true);
            return t;
        });
        // one channel per member for both halves: the access reads ride the probe's connections
        MemberChannels channels = MemberChannels.open(connection);
        try {
            CompletableFuture<StatusItem> accessRow = tls
                    ? CompletableFuture.supplyAsync(() -> access.apply(connection, channels), pool) : null;
            EtcdClusterStatus s = members.apply(connection, channels);
            StatusReport report = report(s);
            if (accessRow == null || s.verdict() == EtcdClusterStatus.Verdict.NO_QUORUM) {
                return report;
            }
            List<StatusItem> items = new ArrayList<>(report.items());
            items.add(accessRow.join());
            return new StatusReport(report.layer(), report.health(), report.summary(), items);
        } finally {
            pool.shutdownNow();
            channels.close();
        }
    }

    /** Users, roles and auth against {@link EtcdAccessPolicy}: HEALTHY when followed, the missing steps otherwise. */
    private static StatusItem access(EtcdConnection connection, MemberChannels channels, StateDir state) {
        Map<String, String> f = new LinkedHashMap<>();
        try {
            EtcdPki pki = EtcdPki.asIs(state);
            EtcdPki.CertFiles k3s = pki.client("k3s");
            EtcdConnection asK3s = new EtcdConnection(connection.endpoints(), Optional.of(
                    new EtcdConnection.ClientTls(pki.caCert(), k3s.cert(), k3s.key())), connection.timeout());
            List<EtcdAccessPolicy.Step> pending = EtcdAccessPolicy.steps(GrpcAuthReads.observe(channels, connection,
                    asK3s, new EtcdPasswords(state), EtcdStatusProbe.CLIENT_START));
            f.put("users", EtcdAccessPolicy.USERS.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(",")));
            f.put("k3s", EtcdAccessPolicy.ROLES.get("k3s").stream().sorted().map(EtcdAccessPolicy.Grant::describe)
                    .collect(Collectors.joining(" ")));
            f.put("patroni", EtcdAccessPolicy.ROLES.get("patroni").stream().sorted()
                    .map(EtcdAccessPolicy.Grant::describe).collect(Collectors.joining(" ")));
            f.put("passwordLogin", EtcdAccessPolicy.PASSWORD_USERS.stream().sorted().collect(Collectors.joining(","))
                    + " (certificate without CommonName, for etcd's v3 gateway)");
            if (pending.isEmpty()) {
                f.put("auth", "on");
                return new StatusItem("access", Health.HEALTHY, f);
            }
            f.put("pending", pending.stream().map(EtcdAccessPolicy.Step::describe).collect(Collectors.joining("; "))
                    + " (gardenos apply etcd converges it)");
            return new StatusItem("access", Health.DEGRADED, f);
        } catch (RuntimeException e) {
            f.put("error", String.valueOf(e.getMessage()));
            return new StatusItem("access", Health.DEGRADED, f);
        }
    }

    static StatusReport report(EtcdClusterStatus s) {
        List<StatusItem> items = new ArrayList<>();
        for (EtcdMemberHealth m : s.members()) {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("endpoint", m.endpoint());
            if (m.reachable()) {
                f.put("leader", m.leader() ? "yes" : "no");
                f.put("version", m.version());
                f.put("raftTerm", Long.toString(m.raftTerm()));
                f.put("raftIndex", Long.toString(m.raftIndex()));
                f.put("dbSize", Long.toString(m.dbSizeBytes()));
                if (!m.alarms().isEmpty()) {
                    f.put("alarms", String.join(",", m.alarms()));
                }
            }
            m.error().ifPresent(e -> f.put("error", e));
            items.add(new StatusItem(m.name().orElse(m.endpoint()), m.healthy() ? Health.HEALTHY
                    : m.reachable() ? Health.DEGRADED : Health.DOWN, f));
        }
        Health health = switch (s.verdict()) {
            case HEALTHY -> Health.HEALTHY;
            case DEGRADED -> Health.DEGRADED;
            case NO_QUORUM -> Health.DOWN;
        };
        return new StatusReport("etcd", health, s.summary(), items);
    }
}
