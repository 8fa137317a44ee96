package org.gardenos.etcd;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.gardenos.engine.Change;
import org.gardenos.engine.ChangeAction;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.error.GardenException;
import org.gardenos.etcd.EtcdMemberConfig.PeerTls;
import org.gardenos.etcd.status.EtcdClusterStatus;
import org.gardenos.inventory.HostSpec;
import org.gardenos.remote.RemoteHost;
import org.gardenos.remote.RemoteHostConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a running cluster whose peers still use the shared CA to the peers' own CA (issue 9 item 3) without
 * losing quorum. etcd reads its trusted CAs only at start, so every member must trust the new CA before any member
 * presents a certificate from it, and must present one before any member stops trusting the old CA: three rolling
 * restarts ({@link PeerTls#TRUST_BOTH}, {@link PeerTls#PEER_CERT}, {@link PeerTls#OWN_CA}), one member at a time,
 * the whole cluster healthy before the next. Runs on the first etcd host after the install play has put the peer
 * files on every host, before the members play (which then finds every config as it wants it). A new cluster and
 * one already moved have nothing to do here.
 */
final class EtcdPeerCaMove implements Resource {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdPeerCaMove.class);
    private static final List<PeerTls> STEPS = List.of(PeerTls.TRUST_BOTH, PeerTls.PEER_CERT, PeerTls.OWN_CA);

    private final EtcdRun run;
    private final RemoteHostConnector connector;

    EtcdPeerCaMove(EtcdRun run, RemoteHostConnector connector) {
        this.run = run;
        this.connector = connector;
    }

    @Override
    public String name() {
        return "etcd:peer-ca";
    }

    @Override
    public Change check(Target t) {
        // the members' configs as the run's batches of their hosts answer them while nothing was applied since
        // (issue 13: one SSH session per member host before); the apply reads them live
        Map<HostSpec, PeerTls> behind = behind(h -> t.peer(h).orElseGet(() -> connector.connect(h)));
        if (behind.isEmpty()) {
            return Change.none();
        }
        return Change.of(ChangeAction.RESTART, "peers move to their own CA, one member at a time ("
                + behind.entrySet().stream().map(e -> e.getKey().name() + " " + e.getValue())
                .collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public void apply(Target t, Change change) {
        try {
            move(t);
        } finally {
            run.membersChanged();
        }
    }

    private void move(Target t) {
        Map<HostSpec, PeerTls> at = behind(connector::connect);
        EtcdClusterStatus before = run.probe(t.state());
        if (before.verdict() != EtcdClusterStatus.Verdict.HEALTHY) {
            throw new GardenException("etcd: not moving the peers to their own CA while the cluster is not healthy ("
                    + before.summary() + "); hint: bring every member back, then apply again");
        }
        for (PeerTls step : STEPS) {
            for (Map.Entry<HostSpec, PeerTls> e : at.entrySet()) {
                if (e.getValue().ordinal() >= step.ordinal()) {
                    continue;
                }
                HostSpec h = e.getKey();
                RemoteHost r = connector.connect(h);
                String current = config(r).orElseThrow();
                EtcdMemberConfig.Initial initial = EtcdMemberConfig.initialOf(current).orElseGet(
                        () -> new EtcdMemberConfig.Initial(run.bootstrapCluster(), "existing", run.token()));
                EtcdMemberHost.writeConfig(run, t.state(), r, h,
                        run.memberConfig(h, initial).withPeerTls(step).render());
                // blocking: Type=notify returns once the member serves again, so the probe below cannot see the old process
                r.exec(EtcdMemberHost.PROMOTE_STAGED + " && systemctl restart " + EtcdHostPaths.UNIT_NAME).requireOk();
                LOG.info("etcd: {} restarted with peer TLS {}", h.name(), step);
                run.await(t.state(), run.timeouts().memberHealthy(), h.name() + " healthy with peer TLS " + step,
                        s -> s.verdict() == EtcdClusterStatus.Verdict.HEALTHY);
                e.setValue(step);
            }
        }
    }

    /** The configured members whose peer TLS is not the goal yet, in inventory order. */
    private Map<HostSpec, PeerTls> behind(java.util.function.Function<HostSpec, RemoteHost> hosts) {
        Map<HostSpec, PeerTls> behind = new LinkedHashMap<>();
        List<HostSpec> unknown = new ArrayList<>();
        for (HostSpec h : run.etcdHosts()) {
            Optional<String> config = config(hosts.apply(h));
            if (config.isEmpty()) {
                continue; // a new member: it starts with the goal's config
            }
            Optional<PeerTls> p = EtcdMemberConfig.peerTlsOf(config.get());
            if (p.isEmpty()) {
                unknown.add(h);
            } else if (p.get() != PeerTls.OWN_CA) {
                behind.put(h, p.get());
            }
        }
        if (!unknown.isEmpty() && !behind.isEmpty()) {
            throw new GardenException("etcd: " + unknown.stream().map(HostSpec::name).collect(Collectors.joining(", "))
                    + ": " + EtcdHostPaths.CONFIG + " has a peer-transport-security GardenOS did not write; not moving"
                    + " the peers to their own CA");
        }
        return behind;
    }

    private static Optional<String> config(RemoteHost r) {
        return r.read(EtcdHostPaths.CONFIG).map(b -> new String(b, StandardCharsets.UTF_8));
    }
}
