package org.gardenos.etcd;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.cluster.Member;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.gardenos.etcd.status.EtcdClusterStatus;
import org.gardenos.etcd.status.EtcdMemberHealth;
import org.gardenos.engine.HostLocks;
import org.gardenos.inventory.HostSpec;
import org.gardenos.remote.RemoteHost;
import org.gardenos.remote.RemoteHostConnector;
import org.gardenos.state.StateDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.gardenos.etcd.settings.EtcdSection;

/**
 * Replaces one member in place (a wiped disk, a corrupted data dir): MemberRemove, stop and set the old data aside,
 * MemberAdd with the same peer URL, start with {@code initial-cluster-state: existing}, wait until it is healthy
 * (a healthy member has served a linearizable read, so it has caught up with the log up to that read). Refuses
 * to start when the other members hold no quorum without it.
 */
final class EtcdMemberReplacement {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdMemberReplacement.class);

    private final EtcdRun run;
    private final StateDir state;
    private final RemoteHostConnector connector;
    private final Duration healthyTimeout;

    EtcdMemberReplacement(EtcdRun run, StateDir state, RemoteHostConnector connector, Duration healthyTimeout) {
        this.run = run;
        this.state = state;
        this.connector = connector;
        this.healthyTimeout = healthyTimeout;
    }

    /** Replaces the etcd host {@code host} (checked by the caller to be one). */
    EtcdClusterStatus replace(HostSpec host) throws Exception {
        String memberName = host.name();
        String endpoint = run.clientUrl(host).toString();
        String peer = run.peerUrl(host);
        EtcdClusterStatus before = run.probe(state);
        long othersHealthy = before.members().stream().filter(m -> !m.endpoint().equals(endpoint))
                .filter(EtcdMemberHealth::healthy).count();
        int sizeAfter = before.memberCount();
        if (othersHealthy < sizeAfter / 2 + 1) {
            throw new EtcdOperationException("replace-member " + memberName + ": the other members hold no quorum ("
                    + before.summary() + "); restore from a snapshot instead");
        }
        // the member's host is changed from here on: hold its apply lock, as an apply would (the check above only read)
        try (HostLocks hostLock = HostLocks.holding(List.of(host), connector)) {
            return replace(host, connector.connect(host), memberName, endpoint, peer);
        }
    }

    private EtcdClusterStatus replace(HostSpec host, RemoteHost r, String memberName, String endpoint, String peer)
            throws Exception {
        String token = EtcdMemberHost.token(run, r);
        try (Client c = run.connection(state).withTimeout(Duration.ofSeconds(10)).open()) {
            Optional<Member> old = c.getClusterClient().listMember().get(10, TimeUnit.SECONDS).getMembers().stream()
                    .filter(m -> m.getName().equals(memberName) || EtcdMemberService.hasPeer(m, peer)).findFirst();
            if (old.isPresent()) {
                LOG.info("replace-member: MemberRemove {} ({})", memberName, Long.toHexString(old.get().getId()));
                EtcdMembership.remove(c, old.get().getId(), memberName, run.timeouts().membershipPatience());
            }
            EtcdMemberHost.stop(r);
            EtcdMemberHost.setDataAside(r, run.settings().dataDir(), "replaced");
            LOG.info("replace-member: MemberAdd {} {}", memberName, peer);
            List<Member> members = EtcdMembership.add(c, peer, run.timeouts().membershipPatience());
            String cluster = members.stream().map(m -> (EtcdMemberService.hasPeer(m, peer) ? memberName
                    : m.getName()) + "=" + m.getPeerURIs().get(0).toString().replaceAll("/$", ""))
                    .collect(Collectors.joining(","));
            EtcdMemberHost.writeConfig(run, state, r, host, new EtcdMemberConfig.Initial(cluster, "existing", token));
        }
        EtcdMemberHost.startNoBlock(r);
        return run.await(state, healthyTimeout, memberName + " healthy again",
                s -> s.verdict() == EtcdClusterStatus.Verdict.HEALTHY && s.members().stream()
                        .anyMatch(m -> m.endpoint().equals(endpoint) && m.healthy()));
    }
}
