package org.gardenos.etcd;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.api.ClusterGrpc;
import io.etcd.jetcd.api.MemberListRequest;
import io.etcd.jetcd.cluster.Member;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.gardenos.engine.ChangeAction;
import org.gardenos.error.GardenException;
import org.gardenos.engine.Change;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.etcd.client.EtcdConnection;
import org.gardenos.etcd.client.MemberChannels;
import org.gardenos.etcd.status.EtcdClusterStatus;
import org.gardenos.etcd.status.EtcdStatusProbe;
import org.gardenos.inventory.HostSpec;
import org.gardenos.remote.RemoteHost;
import org.gardenos.remote.RemoteHostConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Members whose host left the inventory (or lost its etcd role): removed from the membership first (MemberRemove,
 * only while the cluster is healthy), then their service is stopped and disabled and their data dir moved aside, so
 * the removed process cannot come back and a later re-add starts clean. Runs on one host of the cluster.
 */
final class EtcdStaleMembers implements Resource {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdStaleMembers.class);

    private final EtcdRun run;
    private final Optional<RemoteHostConnector> connector;

    EtcdStaleMembers(EtcdRun run, Optional<RemoteHostConnector> connector) {
        this.run = run;
        this.connector = connector;
    }

    @Override
    public String name() {
        return "etcd:stale-members";
    }

    @Override
    public Change check(Target t) {
        List<Member> stale = stale(t);
        if (stale.isEmpty()) {
            return Change.none();
        }
        return Change.of(ChangeAction.REMOVE, stale.stream().map(m -> m.getName() + " " + m.getPeerURIs())
                .collect(Collectors.joining(", ")));
    }

    @Override
    public void apply(Target t, Change change) throws Exception {
        try {
            remove(t);
        } finally {
            run.membersChanged();
        }
    }

    private void remove(Target t) throws Exception {
        for (Member m : stale(t)) {
            EtcdClusterStatus s = run.probe(t.state());
            if (s.verdict() != EtcdClusterStatus.Verdict.HEALTHY && s.members().stream()
                    .filter(x -> x.memberId() != m.getId()).anyMatch(x -> !x.healthy())) {
                throw new GardenException("etcd: not removing " + m.getName() + " while other members are unhealthy ("
                        + s.summary() + ")");
            }
            try (Client c = run.clients().open(run.connection(t.state()).withTimeout(java.time.Duration.ofSeconds(10)))) {
                LOG.info("etcd: MemberRemove {} ({})", m.getName(), Long.toHexString(m.getId()));
                EtcdMembership.remove(c, m.getId(), m.getName(), run.timeouts().membershipPatience());
            }
            stop(t, m);
        }
    }

    /**
     * Stops the removed member's service, but only on a host of the inventory (by name, or by the address of its
     * peer URL): the member list is what the cluster says, and GardenOS never opens SSH to an address it read there
     * (issue 9 item 7). A member on any other address is left to the operator, with a warning naming it.
     */
    private void stop(Target t, Member m) {
        if (connector.isEmpty()) {
            LOG.warn("etcd: {} removed from the membership; stop its service by hand (no connector)", m.getName());
            return;
        }
        Optional<HostSpec> host = inventoryHost(t, m);
        if (host.isEmpty()) {
            LOG.warn("etcd: {} {} removed from the membership; it is no inventory host, so GardenOS does not connect"
                    + " to it: stop {} there by hand", m.getName(), m.getPeerURIs(), EtcdHostPaths.UNIT_NAME);
            return;
        }
        HostSpec h = host.get();
        try {
            // the connector owns (and caches) its connections: not closed here
            RemoteHost r = connector.get().connect(h);
            r.exec("systemctl disable --now " + EtcdHostPaths.UNIT_NAME).requireOk();
            EtcdMemberHost.setDataAside(r, run.settings().dataDir(), "removed");
            LOG.info("etcd: stopped and disabled {} on {}", EtcdHostPaths.UNIT_NAME, h.name());
        } catch (RuntimeException e) {
            LOG.warn("etcd: {} is removed from the membership but could not be stopped: {}", m.getName(),
                    e.getMessage());
        }
    }

    static Optional<HostSpec> inventoryHost(Target t, Member m) {
        Set<String> peerHosts = m.getPeerURIs().stream().map(URI::getHost).filter(java.util.Objects::nonNull)
                .collect(Collectors.toSet());
        return t.inventory().hosts().stream()
                .filter(h -> (!m.getName().isEmpty() && h.name().equals(m.getName())) || peerHosts.contains(h.address()))
                .findFirst();
    }

    private List<Member> stale(Target t) {
        Set<String> wantedPeers = run.etcdHosts().stream().map(run::peerUrl).collect(Collectors.toSet());
        Set<String> wantedNames = run.etcdHosts().stream().map(HostSpec::name).collect(Collectors.toSet());
        return members(t).stream()
                .filter(m -> !(wantedNames.contains(m.getName()) || m.getPeerURIs().stream().map(URI::toString)
                        .map(u -> u.replaceAll("/$", "")).anyMatch(wantedPeers::contains)))
                .toList();
    }

    /**
     * The membership as the first member that answers tells it, over the run's shared channels (issue 13: a jetcd
     * client of its own before, i.e. a TLS context and a handshake with every member). A member that refuses or
     * stays silent for the probe's timeout plus the start-up allowance is passed over for the next.
     */
    private List<Member> members(Target t) {
        EtcdConnection c = run.connection(t.state());
        return run.overChannels(c, channels -> members(c, channels));
    }

    private static List<Member> members(EtcdConnection c, MemberChannels channels) {
        long deadline = c.timeout().plus(EtcdStatusProbe.CLIENT_START).toMillis();
        StatusRuntimeException silent = null;
        for (URI endpoint : c.endpoints()) {
            try {
                return ClusterGrpc.newBlockingStub(channels.channel(endpoint))
                        .withDeadlineAfter(deadline, TimeUnit.MILLISECONDS)
                        .memberList(MemberListRequest.getDefaultInstance()).getMembersList().stream()
                        .map(Member::new).toList();
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.UNAVAILABLE
                        && e.getStatus().getCode() != Status.Code.DEADLINE_EXCEEDED) {
                    throw new GardenException("etcd: member list failed: " + e.getMessage(), e);
                }
                silent = e;
            }
        }
        throw new GardenException("etcd: member list failed: no member answered ("
                + (silent == null ? "no endpoint" : silent.getMessage()) + ")", silent);
    }
}
