package org.gardenos.etcd;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.cluster.Member;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.gardenos.engine.Poll;
import org.gardenos.error.GardenException;

/**
 * Membership changes through jetcd. etcd refuses a change with "unhealthy cluster" until the leader has seen a
 * quorum connected for a few seconds (strict reconfig check), which is routinely the case right after a member
 * stopped, was removed or was added: such refusals are retried ({@link Poll}) until {@code patience} runs out.
 */
final class EtcdMembership {
    private static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);

    private EtcdMembership() {
    }

    static List<Member> add(Client c, String peerUrl, Duration patience) {
        return retry("MemberAdd " + peerUrl, patience,
                () -> c.getClusterClient().addMember(List.of(URI.create(peerUrl)))).getMembers();
    }

    static void remove(Client c, long memberId, String name, Duration patience) {
        retry("MemberRemove " + name, patience, () -> c.getClusterClient().removeMember(memberId));
    }

    /** One call's answer, or the "unhealthy cluster" refusal that makes it worth another try. */
    private record Attempt<T>(T answer, ExecutionException refusal) {
        boolean answered() {
            return refusal == null;
        }
    }

    private static <T> T retry(String what, Duration patience, Supplier<CompletableFuture<T>> call) {
        return Poll.until("etcd: " + what, patience, RETRY_INTERVAL, () -> attempt(what, call), Attempt::answered,
                a -> new GardenException("etcd: " + what + " failed: " + message(a.refusal()), a.refusal()))
                .answer();
    }

    private static <T> Attempt<T> attempt(String what, Supplier<CompletableFuture<T>> call) {
        try {
            return new Attempt<>(call.get().get(10, TimeUnit.SECONDS), null);
        } catch (ExecutionException e) {
            if (!message(e).contains("unhealthy cluster")) {
                throw new GardenException("etcd: " + what + " failed: " + message(e), e);
            }
            return new Attempt<>(null, e);
        } catch (TimeoutException e) {
            throw new GardenException("etcd: " + what + " got no answer in 10 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GardenException("etcd: " + what + " interrupted", e);
        }
    }

    private static String message(ExecutionException e) {
        return String.valueOf(e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
    }
}
