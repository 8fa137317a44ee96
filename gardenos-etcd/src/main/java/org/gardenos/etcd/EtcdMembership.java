package org.gardenos.etcd;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.cluster.Member;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.gardenos.error.GardenException;

/**
 * Membership changes through jetcd. etcd refuses a change with "unhealthy cluster" until the leader has seen a
 * quorum connected for a few seconds (strict reconfig check), which is routinely the case right after a member
 * stopped, was removed or was added: such refusals are retried until {@code patience} runs out.
 */
final class EtcdMembership {
    private static final Duration PATIENCE = Duration.ofSeconds(45);

    private EtcdMembership() {
    }

    static List<Member> add(Client c, String peerUrl) {
        return retry("MemberAdd " + peerUrl, () -> c.getClusterClient().addMember(List.of(URI.create(peerUrl))))
                .getMembers();
    }

    static void remove(Client c, long memberId, String name) {
        retry("MemberRemove " + name, () -> c.getClusterClient().removeMember(memberId));
    }

    private static <T> T retry(String what, Supplier<CompletableFuture<T>> call) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            try {
                return call.get().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                String msg = String.valueOf(e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
                if (!msg.contains("unhealthy cluster") || System.nanoTime() > deadline) {
                    throw new GardenException("etcd: " + what + " failed: " + msg, e);
                }
            } catch (java.util.concurrent.TimeoutException e) {
                throw new GardenException("etcd: " + what + " got no answer in 10 s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GardenException("etcd: " + what + " interrupted", e);
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GardenException("etcd: " + what + " interrupted", e);
            }
        }
    }
}
