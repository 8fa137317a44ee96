package org.gardenos.postgres.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import org.gardenos.engine.Poll;
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
import org.gardenos.postgres.model.PatroniCluster;
import org.gardenos.postgres.patroni.ClusterHealth;
import org.gardenos.postgres.etcd.EtcdGateway;
import org.gardenos.postgres.patroni.PatroniClusterView;
import org.gardenos.postgres.settings.PostgresSettings;
import org.gardenos.state.StateDir;

/**
 * {@code gardenos postgres validate}: the journal's validate script and more, one {@link Check} per line. Claims
 * bound, Patroni healthy, the scope's keys in etcd (read like Patroni reads them), then SQL through the load balancer
 * as the superuser: SSL on, a non-SSL connection refused, a row written through the primary port read back through
 * the replica port, the replica port refusing writes, pg_hba admitting the pod network over SSL and rejecting the
 * rest.
 */
public final class PostgresValidation {
    static final String TABLE = "gardenos_validate";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Inventory inventory;
    private final StateDir state;
    private final EtcdClientCredentials etcd;
    private final Supplier<KubeCalls> calls;
    private final PsqlClient psql;

    @Inject
    public PostgresValidation(Inventory inventory, StateDir state, EtcdClientCredentials etcd, KubernetesClients clients) {
        this(inventory, state, etcd, KubeCalls.fromState(clients, state),
                PsqlClient.onPath());
    }

    public PostgresValidation(Inventory inventory, StateDir state, EtcdClientCredentials etcd, Supplier<KubeCalls> calls,
                              PsqlClient psql) {
        this.inventory = inventory;
        this.state = state;
        this.etcd = etcd;
        this.calls = calls;
        this.psql = psql;
    }

    public List<Check> run() {
        PostgresSettings pg = inventory.section(PostgresSettings.class);
        if (!pg.present()) {
            throw new InputException("the inventory has no postgres section (add 'postgres: {}' for the defaults)");
        }
        PatroniCluster cluster = PostgresObjects.cluster(inventory, etcd);
        KubeCalls api = calls.get();
        List<Check> checks = new ArrayList<>();
        checks.add(claims(api, pg));
        checks.add(patroni(api, pg));
        checks.add(etcdKeys(cluster, pg));
        List<HostSpec> lbs = inventory.hostsWith(LoadBalancerSection.ROLE);
        if (lbs.isEmpty()) {
            checks.add(Check.fail("sql", "no host has role lb: nothing to connect through (add role lb to a host)"));
            return checks;
        }
        String password = kept(pg, cluster.superuser().password().secret());
        PsqlClient.Endpoint primary = new PsqlClient.Endpoint(lbs.get(0).address(), pg.ports().primary(),
                cluster.superuser().username(), password);
        PsqlClient.Endpoint replica = new PsqlClient.Endpoint(lbs.get(0).address(), pg.ports().replica(),
                cluster.superuser().username(), password);
        checks.add(ssl(primary));
        checks.add(nonSslRefused(primary));
        checks.add(writeReadBack(primary, replica));
        checks.add(replicaRefusesWrites(replica));
        checks.add(PgHbaRules.check(psql.run(primary, "require", PgHbaRules.QUERY), cluster));
        return checks;
    }

    static Check claims(KubeCalls api, PostgresSettings pg) {
        KubeCalls.Reply reply = api.get("/api/v1/namespaces/" + pg.namespace() + "/persistentvolumeclaims");
        if (!reply.ok()) {
            return Check.fail("volumes bound", "cannot list claims in " + pg.namespace() + ": HTTP " + reply.code());
        }
        List<String> notBound = new ArrayList<>();
        try {
            JsonNode items = JSON.readTree(reply.body()).path("items");
            for (String pod : ClusterHealth.members(pg)) {
                String claim = "data-" + pod;
                String phase = "missing";
                for (JsonNode item : items) {
                    if (claim.equals(item.path("metadata").path("name").asText())) {
                        phase = item.path("status").path("phase").asText("unknown");
                    }
                }
                if (!phase.equals("Bound")) {
                    notBound.add(claim + " " + (phase.matches("[A-Za-z]{1,20}") ? phase : "unknown"));
                }
            }
        } catch (IOException e) {
            return Check.fail("volumes bound", "unreadable claim list: " + e.getMessage());
        }
        return notBound.isEmpty() ? Check.pass("volumes bound", pg.replicas() + " of " + pg.replicas() + " claims Bound")
                : Check.fail("volumes bound", String.join(", ", notBound) + " (gardenos doctor)");
    }

    static Check patroni(KubeCalls api, PostgresSettings pg) {
        PatroniApi.Result<PatroniClusterView> view = new PatroniApi(api, pg.namespace()).cluster(ClusterHealth.members(pg));
        if (view.value().isEmpty()) {
            return Check.fail("patroni", "no answer from Patroni: " + view.reason());
        }
        List<String> problems = ClusterHealth.problems(pg, view.value().get());
        String leader = view.value().get().leaders().stream().findFirst().map(m -> "leader " + m.name()).orElse("no leader");
        return problems.isEmpty() ? Check.pass("patroni", leader + ", every replica replicating")
                : Check.fail("patroni", String.join("; ", problems));
    }

    private Check etcdKeys(PatroniCluster cluster, PostgresSettings pg) {
        String prefix = cluster.etcd().namespace() + cluster.scope() + "/";
        try {
            EtcdClientCredentials.ClientFiles tls = etcd.tls(inventory)
                    ? etcd.client(state, inventory, StateSecretValues.ETCD_CLIENT) : null;
            List<String> keys = EtcdGateway.list(etcd.endpoints(inventory), tls,
                    etcd.login(state, inventory, StateSecretValues.ETCD_CLIENT), prefix);
            long members = keys.stream().filter(k -> k.startsWith(prefix + "members/")).count();
            List<String> missing = new ArrayList<>();
            for (String k : List.of("leader", "config", "initialize")) {
                if (!keys.contains(prefix + k)) {
                    missing.add(prefix + k);
                }
            }
            if (members < pg.replicas()) {
                missing.add(pg.replicas() - members + " of " + pg.replicas() + " " + prefix + "members/*");
            }
            return missing.isEmpty() ? Check.pass("etcd keys", prefix + "{leader,config,initialize} and " + members
                    + " members, read as etcd's patroni client")
                    : Check.fail("etcd keys", "missing " + String.join(", ", missing));
        } catch (IOException | GardenException e) {
            return Check.fail("etcd keys", "cannot read " + prefix + " in etcd: " + e.getMessage());
        }
    }

    private Check ssl(PsqlClient.Endpoint primary) {
        PsqlClient.Result r = psql.run(primary, "require",
                "select ssl from pg_stat_ssl where pid = pg_backend_pid()");
        if (!r.ok()) {
            return Check.fail("ssl", "cannot connect to " + primary + ": " + r.message());
        }
        return r.stdout().equals("t") ? Check.pass("ssl", "the session through " + primary + " is encrypted")
                : Check.fail("ssl", "the session through " + primary + " is not encrypted");
    }

    private Check nonSslRefused(PsqlClient.Endpoint primary) {
        PsqlClient.Result r = psql.run(primary, "disable", "select 1");
        if (r.ok()) {
            return Check.fail("no plain connections", "a connection without SSL was accepted through " + primary);
        }
        // PostgreSQL's own refusal, not merely an unreachable port, proves that pg_hba turns plain connections away
        return r.stderr().contains("pg_hba.conf") ? Check.pass("no plain connections", "refused without SSL: "
                + r.message()) : Check.fail("no plain connections", "cannot tell: " + r.message());
    }

    private Check writeReadBack(PsqlClient.Endpoint primary, PsqlClient.Endpoint replica) {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes); // hex only: safe inside the SQL literal
        PsqlClient.Result w = psql.run(primary, "require", "create table if not exists " + TABLE
                + " (token text primary key, at timestamptz not null default now()); insert into " + TABLE
                + " (token) values ('" + token + "')");
        if (!w.ok()) {
            return Check.fail("write and read back", "write through " + primary + " failed: " + w.message());
        }
        try {
            PsqlClient.Result read = Poll.until("the row on a replica", Duration.ofSeconds(15), Duration.ofMillis(500),
                    () -> psql.run(replica, "require", "select count(*) from " + TABLE + " where token = '" + token
                            + "' and pg_is_in_recovery()"), r -> r.ok() && r.stdout().equals("1"), r -> new GardenException(
                            "not on a replica through " + replica + " after 15 s: " + (r.ok() ? "row missing" : r.message())));
            return read.ok() ? Check.pass("write and read back", "written through " + primary + ", read from a replica through "
                    + replica) : Check.fail("write and read back", read.message());
        } catch (GardenException e) {
            return Check.fail("write and read back", e.getMessage());
        } finally {
            psql.run(primary, "require", "delete from " + TABLE + " where token = '" + token + "'");
        }
    }

    private Check replicaRefusesWrites(PsqlClient.Endpoint replica) {
        PsqlClient.Result r = psql.run(replica, "require", "insert into " + TABLE + " (token) values ('replica-write')");
        if (r.ok()) {
            return Check.fail("replicas read-only", "a write through " + replica + " was accepted");
        }
        return r.stderr().contains("read-only transaction") ? Check.pass("replicas read-only", "write refused through "
                + replica + ": " + r.message()) : Check.fail("replicas read-only", "cannot tell: " + r.message());
    }

    private String kept(PostgresSettings pg, String secret) {
        String file = StateSecretValues.passwordFile(pg, secret);
        return state.read(file).map(b -> new String(b, StandardCharsets.UTF_8).strip())
                .orElseThrow(() -> new GardenException("no kept password in " + state.resolve(file)
                        + ": run gardenos apply first"));
    }
}
