package org.gardenos.etcd.status;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;
import io.etcd.jetcd.api.AlarmRequest;
import io.etcd.jetcd.api.AlarmResponse;
import io.etcd.jetcd.api.ClusterGrpc;
import io.etcd.jetcd.api.KVGrpc;
import io.etcd.jetcd.api.MaintenanceGrpc;
import io.etcd.jetcd.api.Member;
import io.etcd.jetcd.api.MemberListRequest;
import io.etcd.jetcd.api.MemberListResponse;
import io.etcd.jetcd.api.RangeRequest;
import io.etcd.jetcd.api.RangeResponse;
import io.etcd.jetcd.api.StatusRequest;
import io.etcd.jetcd.api.StatusResponse;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.gardenos.etcd.client.EtcdConnection;
import org.gardenos.etcd.client.GrpcAnswers;
import org.gardenos.etcd.client.MemberChannels;

/**
 * Asks every member for its status IN PARALLEL with the connection's short timeout, so a dead member costs one
 * timeout, not one per member. Per member, over a channel to that member: Status (version, leader, raft term and
 * index, DB size), a linearizable read of a key nobody writes (served by that member, it only succeeds when the
 * member sees a quorum) and the alarms. All members' channels share one TLS context and one event loop
 * ({@link MemberChannels}); before issue 13 each member had a jetcd client of its own.
 */
public final class EtcdStatusProbe {
    private static final ByteString HEALTH_KEY = ByteString.copyFrom("/gardenos/health", StandardCharsets.UTF_8);

    /** Extra time for a member's first call, which also connects (TCP, TLS handshake); see {@link #probeOne}. */
    public static final Duration CLIENT_START = Duration.ofSeconds(3);

    private final EtcdConnection connection;

    public EtcdStatusProbe(EtcdConnection connection) {
        this.connection = connection;
    }

    public EtcdClusterStatus probe() {
        try (MemberChannels channels = MemberChannels.open(connection)) {
            return probe(channels);
        }
    }

    /** Over {@code channels} (the connection's, which the caller closes; {@code status} shares them). */
    public EtcdClusterStatus probe(MemberChannels channels) {
        List<URI> endpoints = connection.endpoints();
        ExecutorService pool = Executors.newFixedThreadPool(endpoints.size(), r -> {
            Thread t = new Thread(r, "etcd-probe");
            t.setDaemon(true);
            return t;
        });
        try {
            List<CompletableFuture<Probed>> futures = endpoints.stream()
                    .map(e -> CompletableFuture.supplyAsync(() -> probeOne(channels.channel(e), e), pool)).toList();
            List<Probed> probed = futures.stream().map(CompletableFuture::join).toList();
            Optional<List<Member>> membership = probed.stream().map(Probed::members).flatMap(Optional::stream)
                    .findFirst();
            Map<Long, String> names = membership.orElse(List.of()).stream()
                    .collect(Collectors.toMap(Member::getID, Member::getName, (a, b) -> a));
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

    private Probed probeOne(Channel channel, URI endpoint) {
        String ep = endpoint.toString();
        Duration timeout = connection.timeout();
        StatusResponse status;
        try {
            // the first call also connects (and, in a fresh process, loads gRPC/Netty and starts the event loop):
            // on a busy machine that alone took over 2 s and healthy members were reported silent, so it gets a
            // start-up allowance; the calls after it get the plain timeout
            Duration first = timeout.plus(CLIENT_START);
            status = call(first, () -> MaintenanceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(first.toMillis(), TimeUnit.MILLISECONDS).status(StatusRequest.getDefaultInstance()));
        } catch (RuntimeException e) {
            return new Probed(EtcdMemberHealth.unreachable(ep, reason(e)), Optional.empty());
        }
        long id = status.getHeader().getMemberId();
        // the three reads after Status go out together (issue 13: one after the other they were three more round
        // trips on every member's path); the alarms are read only when the quorum read succeeded, as before
        ListenableFuture<MemberListResponse> list = ClusterGrpc.newFutureStub(channel)
                .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .memberList(MemberListRequest.getDefaultInstance());
        // linearizable (not serializable): the member must confirm with the leader, i.e. see a quorum
        ListenableFuture<RangeResponse> read = KVGrpc.newFutureStub(channel).withDeadlineAfter(timeout.toMillis(),
                TimeUnit.MILLISECONDS).range(RangeRequest.newBuilder().setKey(HEALTH_KEY).build());
        ListenableFuture<AlarmResponse> alarm = MaintenanceGrpc.newFutureStub(channel)
                .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .alarm(AlarmRequest.newBuilder().setAction(AlarmRequest.AlarmAction.GET).build());
        Optional<List<Member>> members = attempt(() -> GrpcAnswers.answer(list).getMembersList());
        Optional<String> error = Optional.empty();
        boolean quorum;
        try {
            call(timeout, () -> GrpcAnswers.answer(read));
            quorum = true;
        } catch (RuntimeException e) {
            quorum = false;
            error = Optional.of("no quorum read: " + reason(e));
        }
        List<String> alarms = List.of();
        if (quorum) {
            try {
                alarms = call(timeout, () -> GrpcAnswers.answer(alarm)).getAlarmsList().stream()
                        .filter(a -> a.getMemberID() == id).map(a -> a.getAlarm().name()).toList();
            } catch (RuntimeException e) {
                error = Optional.of("alarms unreadable: " + reason(e));
                quorum = false;
            }
        } else {
            alarm.cancel(true);
        }
        boolean healthy = quorum && alarms.isEmpty() && status.getErrorsList().isEmpty();
        return new Probed(new EtcdMemberHealth(ep, Optional.empty(), id, true, healthy,
                status.getLeader() == id, status.getVersion(), status.getRaftTerm(), status.getRaftIndex(),
                status.getDbSize(), alarms, error), members);
    }

    /** A call whose expired deadline reads as before: "no answer within N ms". */
    private static <T> T call(Duration deadline, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
                // no cause: the deadline is the whole story, reason() must not dig past it
                throw new NoAnswer("no answer within " + deadline.toMillis() + " ms");
            }
            throw e;
        }
    }


    private static final class NoAnswer extends RuntimeException {
        NoAnswer(String message) {
            super(message);
        }
    }

    private static <T> Optional<T> attempt(java.util.function.Supplier<T> call) {
        try {
            return Optional.of(call.get());
        } catch (RuntimeException e) {
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
