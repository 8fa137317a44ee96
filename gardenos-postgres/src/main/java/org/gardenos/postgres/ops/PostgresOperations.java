package org.gardenos.postgres.ops;

import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.gardenos.error.GardenException;
import org.gardenos.error.InputException;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.k3s.KubeconfigFetcher;
import org.gardenos.k3s.api.KubernetesClients;
import org.gardenos.lb.settings.LoadBalancerSection;
import org.gardenos.pki.EtcdClientCredentials;
import org.gardenos.postgres.api.KubeCalls;
import org.gardenos.postgres.api.PatroniApi;
import org.gardenos.postgres.cluster.PostgresObjects;
import org.gardenos.postgres.cluster.StateSecretValues;
import org.gardenos.postgres.etcd.EtcdGateway;
import org.gardenos.postgres.model.Credential;
import org.gardenos.postgres.model.PatroniCluster;
import org.gardenos.postgres.model.PatroniClusterFactory;
import org.gardenos.postgres.patroni.ClusterHealth;
import org.gardenos.postgres.patroni.PatroniClusterView;
import org.gardenos.postgres.patroni.PatroniMember;
import org.gardenos.postgres.settings.PostgresSettings;
import org.gardenos.state.StateDir;

/**
 * Day-2 operations on the postgres layer, bound by {@code PostgresModule} ({@code garden.get(PostgresOperations.class)}):
 * the connection URL through the load balancer, and a switchover by Patroni's REST API through the pod proxy. Bad
 * input is an {@link InputException} (one line), a failure of the cluster a {@link GardenException}.
 */
public final class PostgresOperations {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PostgresOperations.class);
    private final Inventory inventory;
    private final StateDir state;
    private final EtcdClientCredentials etcd;
    private final Supplier<KubeCalls> calls;

    @Inject
    public PostgresOperations(Inventory inventory, StateDir state, EtcdClientCredentials etcd, KubernetesClients clients) {
        this(inventory, state, etcd, KubeCalls.fromState(clients, state));
    }

    public PostgresOperations(Inventory inventory, StateDir state, EtcdClientCredentials etcd, Supplier<KubeCalls> calls) {
        this.inventory = inventory;
        this.state = state;
        this.etcd = etcd;
        this.calls = calls;
    }

    /**
     * {@code postgresql://USER[:PASSWORD]@LB:PORT/postgres?sslmode=require} through the first lb host, on the primary
     * port or the replica port. The user defaults to {@code postgres}; the password (kept in the state directory) is
     * included only when {@code showPassword}.
     */
    public String url(boolean replica, Optional<String> user, boolean showPassword) {
        PostgresSettings pg = settings();
        List<HostSpec> lbs = inventory.hostsWith(LoadBalancerSection.ROLE);
        if (lbs.isEmpty()) {
            throw new InputException("postgres url: no host has role lb, so there is no load balancer to connect"
                    + " through (add role lb to a host)");
        }
        PatroniCluster cluster = PostgresObjects.cluster(inventory, etcd);
        String name = user.orElse(PatroniClusterFactory.SUPERUSER);
        Credential login = cluster.credentials().stream()
                .filter(c -> c.username().equals(name) && !c.username().equals(PatroniClusterFactory.REST_API_USER))
                .findFirst()
                .orElseThrow(() -> new InputException("postgres url --user: unknown user '" + name + "' (known: "
                        + String.join(", ", cluster.credentials().stream().map(Credential::username)
                        .filter(u -> !u.equals(PatroniClusterFactory.REST_API_USER)).toList()) + ")"));
        String userInfo = encode(name) + (showPassword ? ":" + encode(keptPassword(pg, login)) : "");
        int port = replica ? pg.ports().replica() : pg.ports().primary();
        return "postgresql://" + userInfo + "@" + lbs.get(0).address() + ":" + port + "/postgres?sslmode=require";
    }

    /**
     * Patroni's switchover from the current leader to {@code to} (or to a replica Patroni picks), sent to the
     * leader's REST API with the REST API credentials. Returns the new leader's name as requested.
     */
    public String switchover(Optional<String> to) {
        PostgresSettings pg = settings();
        List<String> members = ClusterHealth.members(pg);
        to.filter(t -> !members.contains(t)).ifPresent(t -> {
            throw new InputException("postgres switchover --to: '" + t + "' is not a member (members: "
                    + String.join(", ", members) + ")");
        });
        PatroniApi api = new PatroniApi(calls.get(), pg.namespace());
        PatroniApi.Result<PatroniClusterView> view = api.cluster(members);
        PatroniMember leader = view.value().flatMap(v -> v.leaders().stream().findFirst())
                .orElseThrow(() -> new GardenException("postgres switchover: no leader to switch over from ("
                        + (view.value().isEmpty() ? view.reason() : "Patroni reports none") + ")"));
        if (to.isPresent() && to.get().equals(leader.name())) {
            throw new InputException("postgres switchover --to: " + leader.name() + " is already the leader");
        }
        refuseWhenWritesWouldBeLost(pg, view.value().orElseThrow(), to);
        PatroniCluster cluster = PostgresObjects.cluster(inventory, etcd);
        Credential rest = cluster.credentials().stream()
                .filter(c -> c.username().equals(PatroniClusterFactory.REST_API_USER)).findFirst().orElseThrow();
        KubeCalls.Reply reply = api.switchover(leader.name(), leader.name(), to, rest.username(),
                keptPassword(pg, rest));
        if (reply.code() == 401) {
            // The API server removes the caller's Authorization header once it has authenticated the caller, so the
            // REST API's basic auth never reaches Patroni through the pod proxy. Patroni's own REST handler (and
            // patronictl when the API is unreachable) requests a switchover by writing the failover key; so do we.
            LOG.info("Patroni's REST API answered 401 through the pod proxy; writing the switchover request to {}",
                    failoverKey(cluster));
            requestInDcs(cluster, leader.name(), to);
            return to.orElse("a replica Patroni picks");
        }
        if (!reply.ok()) {
            String body = reply.body().replaceAll("\\s+", " ");
            throw new GardenException("postgres switchover: Patroni answered HTTP " + reply.code() + ": "
                    + (body.length() > 200 ? body.substring(0, 200) + "..." : body));
        }
        return to.orElse("a replica Patroni picks");
    }

    /**
     * Patroni (3.0.2 here) accepts a candidate whose lag is under {@code maximum_lag_on_failover} even when it is still
     * on the previous timeline and not receiving WAL, and promoting such a member drops the writes it never received.
     * So a named candidate must replicate on the leader's timeline; without one, the whole cluster must be healthy.
     */
    private static void refuseWhenWritesWouldBeLost(PostgresSettings pg, PatroniClusterView view, Optional<String> to) {
        List<String> problems = to.map(t -> ClusterHealth.notReadyToLead(pg, view, t).stream().toList())
                .orElseGet(() -> ClusterHealth.problems(pg, view));
        if (!problems.isEmpty()) {
            throw new GardenException("postgres switchover: refused, promoting "
                    + to.orElse("a replica") + " now could lose committed writes: " + String.join("; ", problems)
                    + " (wait until `gardenos status postgres` shows it replicating, then retry)");
        }
    }

    static String failoverKey(PatroniCluster cluster) {
        return cluster.etcd().namespace() + cluster.scope() + "/failover";
    }

    /** {@code {"leader": L, "member": C}} at {@code /service/SCOPE/failover}, as Patroni's {@code manual_failover} writes it. */
    private void requestInDcs(PatroniCluster cluster, String leader, Optional<String> candidate) {
        StringBuilder value = new StringBuilder("{\"leader\":\"").append(leader).append('"');
        candidate.ifPresent(c -> value.append(",\"member\":\"").append(c).append('"'));
        value.append('}');
        try {
            EtcdGateway.put(etcd.endpoints(inventory), etcd.tls(inventory)
                    ? etcd.client(state, inventory, StateSecretValues.ETCD_CLIENT) : null,
                    etcd.login(state, inventory, StateSecretValues.ETCD_CLIENT), failoverKey(cluster),
                    value.toString());
        } catch (java.io.IOException e) {
            throw new GardenException("postgres switchover: cannot write " + failoverKey(cluster) + " in etcd: "
                    + e.getMessage());
        }
    }

    private String keptPassword(PostgresSettings pg, Credential login) {
        String file = StateSecretValues.passwordFile(pg, login.password().secret());
        return state.read(file).map(b -> new String(b, StandardCharsets.UTF_8).strip())
                .orElseThrow(() -> new GardenException("no kept password for " + login.username() + " in "
                        + state.resolve(file) + ": run gardenos apply first"));
    }

    private PostgresSettings settings() {
        PostgresSettings pg = inventory.section(PostgresSettings.class);
        if (!pg.present()) {
            throw new InputException("the inventory has no postgres section (add 'postgres: {}' for the defaults)");
        }
        return pg;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
