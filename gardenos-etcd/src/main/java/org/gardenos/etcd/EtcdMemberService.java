package org.gardenos.etcd;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.cluster.Member;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.gardenos.engine.ChangeAction;
import org.gardenos.engine.Poll;
import org.gardenos.error.GardenException;
import org.gardenos.engine.Change;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.etcd.status.EtcdClusterStatus;
import org.gardenos.etcd.status.EtcdMemberHealth;
import org.gardenos.inventory.HostSpec;
import org.gardenos.remote.RemoteHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member's config file and service, applied one host at a time:
 * <ul>
 * <li>{@code bootstrap}: no config yet and nothing answers anywhere: write the config with
 *     {@code initial-cluster-state: new} over every inventory etcd host and start without waiting (a new member waits
 *     for its peers; the layer's last play waits for the whole cluster);</li>
 * <li>{@code join}: no config yet, the cluster runs: MemberAdd, config with {@code existing} and the current
 *     membership, start, wait until healthy (a quorum is required first);</li>
 * <li>{@code restart}: the config or anything the member was started with (binary, unit, certificates) changed;</li>
 * <li>{@code start}: configured but not running.</li>
 * </ul>
 * The {@code initial-*} lines of an existing config are kept as first written, so a grown inventory does not
 * restart the members that are already there.
 */
final class EtcdMemberService implements Resource {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdMemberService.class);

    private final EtcdRun run;
    private final HostSpec host;

    EtcdMemberService(EtcdRun run, HostSpec host) {
        this.run = run;
        this.host = host;
    }

    @Override
    public String name() {
        return "etcd:member:" + host.name();
    }

    /**
     * What a no-op check reads, asked in one round trip (issue 13: three sessions before). The others (bootstrap
     * decision, fingerprint inputs) are not commands on the host.
     */
    @Override
    public List<org.gardenos.remote.Probe> probes() {
        return List.of(org.gardenos.remote.Probe.read(EtcdHostPaths.CONFIG),
                org.gardenos.remote.Probe.read(EtcdHostPaths.APPLIED), org.gardenos.remote.Probe.command(IS_ACTIVE));
    }

    private static final String IS_ACTIVE = "systemctl is-active " + EtcdHostPaths.UNIT_NAME;

    @Override
    public Change check(Target t) {
        Optional<String> current = t.remote().read(EtcdHostPaths.CONFIG)
                .map(b -> new String(b, StandardCharsets.UTF_8));
        if (current.isEmpty()) {
            if (run.bootstrapping(t.state())) {
                return Change.of(ChangeAction.BOOTSTRAP, host.name() + " starts a new cluster " + run.bootstrapCluster());
            }
            return Change.of(ChangeAction.JOIN, host.name() + " joins the running cluster as a new member");
        }
        String desired = desiredConfig(current.get());
        if (!desired.equals(current.get())) {
            return Change.of(ChangeAction.RESTART, EtcdHostPaths.CONFIG + " differs");
        }
        String applied = t.remote().read(EtcdHostPaths.APPLIED).map(b -> new String(b, StandardCharsets.UTF_8).strip())
                .orElse("");
        if (!applied.equals(run.fingerprint(t.state(), host, desired))) {
            return Change.of(ChangeAction.RESTART, "binary, unit or certificates changed since the member started");
        }
        if (!running(t.remote())) {
            return Change.of(ChangeAction.START, EtcdHostPaths.UNIT_NAME + " is not running");
        }
        return Change.none();
    }

    @Override
    public void apply(Target t, Change change) throws Exception {
        try {
            change(t, change);
        } finally {
            run.membersChanged();
        }
    }

    private void change(Target t, Change change) throws Exception {
        switch (change.action()) {
            case BOOTSTRAP -> {
                writeConfig(t, run.memberConfig(host, new EtcdMemberConfig.Initial(run.bootstrapCluster(), "new",
                        run.token())).render());
                t.remote().exec(EtcdMemberHost.startCommand("start")).requireOk();
            }
            case JOIN -> join(t);
            case RESTART -> {
                String current = t.remote().read(EtcdHostPaths.CONFIG).map(b -> new String(b, StandardCharsets.UTF_8))
                        .orElseThrow();
                writeConfig(t, desiredConfig(current));
                String before = invocation(t.remote());
                t.remote().exec(EtcdMemberHost.startCommand("restart")).requireOk();
                awaitNewInvocation(t, before);
                awaitStarted(t);
            }
            case START -> {
                t.remote().exec(EtcdMemberHost.startCommand("start")).requireOk();
                awaitStarted(t);
            }
            default -> throw new IllegalArgumentException("unknown change " + change);
        }
    }

    private String desiredConfig(String current) {
        EtcdMemberConfig.Initial initial = EtcdMemberConfig.initialOf(current).orElseGet(
                () -> new EtcdMemberConfig.Initial(run.bootstrapCluster(), "existing", run.token()));
        return run.memberConfig(host, initial).render();
    }

    private void writeConfig(Target t, String config) {
        t.remote().upload(EtcdHostPaths.CONFIG, config.getBytes(StandardCharsets.UTF_8), 0644, "root:root");
        t.remote().upload(EtcdHostPaths.APPLIED, (run.fingerprint(t.state(), host, config) + "\n")
                .getBytes(StandardCharsets.UTF_8), 0644, "root:root");
    }

    private void join(Target t) throws Exception {
        EtcdClusterStatus before = run.probe(t.state());
        if (before.verdict() == EtcdClusterStatus.Verdict.NO_QUORUM) {
            throw new GardenException("etcd: cannot add " + host.name() + ": the cluster has no quorum ("
                    + before.summary() + "); bring the existing members back first");
        }
        String peer = run.peerUrl(host);
        try (Client c = run.clients().open(run.connection(t.state()).withTimeout(java.time.Duration.ofSeconds(10)))) {
            List<Member> members = c.getClusterClient().listMember().get(10, TimeUnit.SECONDS).getMembers();
            if (members.stream().noneMatch(m -> hasPeer(m, peer))) {
                LOG.info("etcd: MemberAdd {} {}", host.name(), peer);
                members = EtcdMembership.add(c, peer, run.timeouts().membershipPatience());
            }
            String cluster = members.stream().map(m -> memberName(m, peer) + "=" + m.getPeerURIs().get(0)
                    .toString().replaceAll("/$", "")).collect(Collectors.joining(","));
            writeConfig(t, run.memberConfig(host, new EtcdMemberConfig.Initial(cluster, "existing", run.token()))
                    .render());
        }
        t.remote().exec(EtcdMemberHost.startCommand("start")).requireOk();
        run.await(t.state(), run.timeouts().memberHealthy(), host.name() + " healthy",
                s -> s.members().stream().anyMatch(m -> m.endpoint().equals(run.clientUrl(host).toString())
                        && m.healthy()));
    }

    /** After a (re)start: waits until the cluster has {@link #settled} around this member. */
    private void awaitStarted(Target t) {
        String ep = run.clientUrl(host).toString();
        run.await(t.state(), run.timeouts().memberHealthy(), host.name() + " started", s -> settled(s, ep));
    }

    /**
     * This member answers, and either every member that answers is healthy (this one too), or the members that
     * answer are too few to hold a quorum at all (then the next host's start may bring it; the layer's last play
     * waits for the whole cluster). Before, any answer while the cluster had no quorum was enough: a member whose
     * start completed a quorum returned while the members were still electing a leader, and the next step (the
     * next member's restart, or the health check right after the last start) met a cluster that had not settled
     * (an apply's health check saw DEGRADED 2/3 right after two member starts and reported a change of its own).
     */
    static boolean settled(EtcdClusterStatus s, String endpoint) {
        boolean answers = s.members().stream().anyMatch(m -> m.endpoint().equals(endpoint) && m.reachable());
        if (!answers) {
            return false;
        }
        List<EtcdMemberHealth> answering = s.members().stream().filter(EtcdMemberHealth::reachable).toList();
        if (answering.size() < s.memberCount() / 2 + 1) {
            return true;
        }
        return answering.stream().allMatch(EtcdMemberHealth::healthy);
    }

    /** systemd's id of the unit's current run: it changes only once a restart has stopped the old process. */
    private static String invocation(RemoteHost remote) {
        return remote.exec("systemctl show -p InvocationID --value " + EtcdHostPaths.UNIT_NAME).stdout().strip();
    }

    /**
     * Waits until the restart job has replaced the old process. Without it the first probe after a
     * {@code --no-block} restart could still reach the old, healthy process, and the next member was restarted
     * while this one was down: the cluster lost quorum during a rolling restart (seen in a certificate roll-out).
     */
    private void awaitNewInvocation(Target t, String before) {
        Poll.until(host.name() + " restarted", run.timeouts().memberHealthy(), java.time.Duration.ofMillis(200),
                () -> invocation(t.remote()), id -> !id.isEmpty() && !id.equals(before),
                id -> new GardenException("etcd: " + host.name() + ": " + EtcdHostPaths.UNIT_NAME
                        + " was not restarted within " + run.timeouts().memberHealthy().toSeconds() + " s"));
    }

    private boolean running(RemoteHost remote) {
        String state = remote.exec(IS_ACTIVE).stdout().strip();
        return state.equals("active") || state.equals("activating");
    }

    private String memberName(Member m, String ourPeer) {
        if (hasPeer(m, ourPeer)) {
            return host.name();
        }
        if (!m.getName().isEmpty()) {
            return m.getName();
        }
        return run.etcdHosts().stream().filter(h -> hasPeer(m, run.peerUrl(h))).map(HostSpec::name).findFirst()
                .orElse("member-" + Long.toHexString(m.getId()));
    }

    static boolean hasPeer(Member m, String peer) {
        return m.getPeerURIs().stream().anyMatch(u -> u.toString().replaceAll("/$", "").equals(peer));
    }
}
