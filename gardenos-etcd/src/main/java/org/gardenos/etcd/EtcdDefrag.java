package org.gardenos.etcd;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gardenos.etcd.client.EtcdConnection;
import org.gardenos.etcd.client.SettlingClient;
import org.gardenos.etcd.status.EtcdClusterStatus;
import org.gardenos.etcd.status.EtcdMemberHealth;
import org.gardenos.etcd.status.EtcdStatusProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Defragments every member, one at a time, the leader last (a member blocks while it defragments; doing the leader
 * last costs at most one leader election, and only once the followers are done). Starts only on a healthy cluster,
 * and checks the cluster is healthy again after each member.
 */
public final class EtcdDefrag {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdDefrag.class);

    /** One member's result: DB size before and after. */
    public record Result(String endpoint, boolean leader, long dbSizeBefore, long dbSizeAfter) {
    }

    private final EtcdConnection connection;
    private final Duration perMember;

    public EtcdDefrag(EtcdConnection connection, Duration perMember) {
        this.connection = connection;
        this.perMember = perMember;
    }

    public List<Result> run() {
        EtcdClusterStatus before = new EtcdStatusProbe(connection).probe();
        if (before.verdict() != EtcdClusterStatus.Verdict.HEALTHY) {
            throw new EtcdOperationException("etcd defrag: cluster is not healthy (" + before.summary() + "), not starting");
        }
        List<EtcdMemberHealth> order = new ArrayList<>(before.members());
        order.sort(Comparator.comparing(EtcdMemberHealth::leader));
        List<Result> results = new ArrayList<>();
        try (SettlingClient c = connection.withTimeout(perMember).openSettling()) {
            for (EtcdMemberHealth m : order) {
                LOG.info("etcd defrag {}{}", m.endpoint(), m.leader() ? " (leader)" : "");
                try {
                    c.defragmentMember(m.endpoint())
                            .get(perMember.toMillis(), TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    throw new EtcdOperationException("etcd defrag of " + m.endpoint() + " failed: " + e.getMessage(), e);
                }
                EtcdClusterStatus after = new EtcdStatusProbe(connection).probe();
                EtcdMemberHealth now = after.members().stream().filter(x -> x.endpoint().equals(m.endpoint()))
                        .findFirst().orElseThrow();
                if (!now.healthy()) {
                    throw new EtcdOperationException("etcd defrag: " + m.endpoint() + " is not healthy afterwards ("
                            + now.describe() + "), stopping");
                }
                results.add(new Result(m.endpoint(), m.leader(), m.dbSizeBytes(), now.dbSizeBytes()));
            }
        }
        return results;
    }
}
