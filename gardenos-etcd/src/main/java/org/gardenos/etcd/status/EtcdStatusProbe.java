package org.gardenos.etcd.status;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.cluster.Member;
import io.etcd.jetcd.maintenance.AlarmMember;
import io.etcd.jetcd.maintenance.StatusResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.gardenos.etcd.client.EtcdConnection;
import org.gardenos.etcd.client.SettlingClient;

/**
 * Asks every member for its status IN PARALLEL, each through its own client with the connection's short timeout, so
 * a dead member costs one timeout, not one per member. Per member: Status (version, leader, raft term and index, DB
 * size), a linearizable read of a key nobody writes (it only succeeds when the member sees a quorum) and the alarms.
 */
public final class EtcdStatusProbe {
    private static final ByteSequence HEALTH_KEY = ByteSequence.from("/gardenos/health", StandardCharsets.UTF_8);

    /** Extra time for a member's first call, which starts its client; see {@link #probeOne}. */
    static final java.time.Duration CLIENT_START = java.time.Duration.ofSeconds(3);

    private final EtcdConnection connection;

    public EtcdStatusProbe(EtcdConnection connection) {
        this.connection = connection;
    }

    public EtcdClusterStatus probe() {
        List<URI> endpoints = connection.endpoints();
        ExecutorService pool = Executors.newFixedThreadPool(endpoints.size(), r -> {
            Thread t = new Thread(r, "etcd-probe");
            t.setDaemon(true);
            return t;
        });
        try {
            List<CompletableFuture<Probed>> futures = endpoints.stream()
                    .map(e -> CompletableFuture.supplyAsync(() -> probeOne(e), pool)).toList();
            List<Probed> probed = futures.stream().map(CompletableFuture::join).toList();
            Optional<List<Member>> membership = probed.stream().map(Probed::members).flatMap(Optional::stream)
                    .findFirst();
            Map<Long, String> names = membership.orElse(List.of()).stream()
                    .collect(Collectors.toMap(Member::getId, Member::getName, (a, b) -> a));
            List<EtcdMemberHealth> members = new ArrayList<>();
            for (Probed p : probed) {
                EtcdMemberHealth h = p.health();
                members.add(h.reachable() && names.containsKey(h.memberId())
                        ? new EtcdMemberHealth(h.endpoint(), Optional.of(names.get(h.memberId())), h.memberId(),
                        h.reachable(), h.healthy(), h.leader(), h.version(), h.raftTerm(), h.raftIndex(),
                        h.dbSizeBytes(), h.alarms(), h.error())
                        : h);
            }
            int count = membership.map(List::size).orElse(endpoints.size());
            long healthy = members.stream().filter(EtcdMemberHealth::healthy).count();
            return new EtcdClusterStatus(EtcdClusterStatus.verdict(count, healthy), count, members);
        } finally {
            pool.shutdownNow();
        }
    }

    private record Probed(EtcdMemberHealth health, Optional<List<Member>> members) {
    }

    private Probed probeOne(URI endpoint) {
        String ep = endpoint.toString();
        // the client's calls get the start-up allowance in their gRPC deadline too (CallDeadline): with the plain
        // timeout the first call of a cold process ended at its deadline before the allowance was of any use
        try (SettlingClient settling = connection.only(endpoint).withTimeout(connection.timeout().plus(CLIENT_START))
                .openSettling()) {
            Client client = settling.client();
            StatusResponse status;
            try {
                // the first call also starts the client (gRPC/Netty classes, channel, TLS handshake): in a fresh
                // process on a busy machine that alone took over 2 s, and every healthy member was reported
                // unanswering; it gets a start-up allowance, the calls after it the plain timeout
                status = await(settling.statusMember(ep), connection.timeout().plus(CLIENT_START));
            } catch (Exception e) {
                return new Probed(EtcdMemberHealth.unreachable(ep, reason(e)), Optional.empty());
            }
            long id = status.getHeader().getMemberId();
            Optional<List<Member>> members = attempt(() -> await(client.getClusterClient().listMember()).getMembers());
            Optional<String> error = Optional.empty();
            boolean quorum;
            try {
                await(client.getKVClient().get(HEALTH_KEY));
                quorum = true;
            } catch (Exception e) {
                quorum = false;
                error = Optional.of("no quorum read: " + reason(e));
            }
            List<String> alarms = List.of();
            if (quorum) {
                try {
                    alarms = await(client.getMaintenanceClient().listAlarms()).getAlarms().stream()
                            .filter(a -> a.getMemberId() == id).map(AlarmMember::getAlarmType)
                            .map(Enum::name).toList();
                } catch (Exception e) {
                    error = Optional.of("alarms unreadable: " + reason(e));
                    quorum = false;
                }
            }
            boolean healthy = quorum && alarms.isEmpty() && status.getErrorList().isEmpty();
            return new Probed(new EtcdMemberHealth(ep, Optional.empty(), id, true, healthy,
                    status.getLeader() == id, status.getVersion(), status.getRaftTerm(), status.getRaftIndex(),
                    status.getDbSize(), alarms, error), members);
        } catch (RuntimeException e) {
            return new Probed(EtcdMemberHealth.unreachable(ep, reason(e)), Optional.empty());
        }
    }

    private <T> T await(CompletableFuture<T> f) throws Exception {
        return await(f, connection.timeout());
    }

    private static <T> T await(CompletableFuture<T> f, java.time.Duration timeout) throws Exception {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // not cancelled: the call ends at its deadline, and SettlingClient waits for that before closing
            throw new TimeoutException("no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception c ? c : e;
        }
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    private static <T> Optional<T> attempt(Call<T> call) {
        try {
            return Optional.of(call.call());
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    static String reason(Throwable e) {
        Function<Throwable, String> msg = t -> t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = msg.apply(root);
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }
}
