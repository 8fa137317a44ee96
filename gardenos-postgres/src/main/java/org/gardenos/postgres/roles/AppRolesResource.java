package org.gardenos.postgres.roles;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gardenos.engine.Change;
import org.gardenos.engine.ChangeAction;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.error.GardenException;
import org.gardenos.pki.EtcdClientCredentials;
import org.gardenos.postgres.cluster.PostgresClusterResource;
import org.gardenos.postgres.cluster.PostgresObjects;
import org.gardenos.postgres.cluster.StateSecretValues;
import org.gardenos.postgres.model.Credential;
import org.gardenos.postgres.model.PatroniCluster;
import org.gardenos.postgres.settings.PostgresSettings;
import org.gardenos.postgres.validate.PsqlClient;

/**
 * The inventory's application users and databases, created by SQL on the primary after the cluster is up: this
 * machine's {@code psql} as the superuser, through the primary Service's NodePort on the play's K3s server (or the
 * first of {@code postgres.nodes}), SSL required, the superuser's password in psql's environment and the script
 * ({@link AppRolesSql}, verifiers only) on its standard input. {@link #check} runs the same queries without
 * executing what they generate, so it counts what an apply would change; a second apply changes nothing.
 */
public final class AppRolesResource implements Resource {
    private final EtcdClientCredentials etcd;
    private final PsqlClient psql;

    public AppRolesResource(EtcdClientCredentials etcd, PsqlClient psql) {
        this.etcd = etcd;
        this.psql = psql;
    }

    @Override
    public String name() {
        return "postgres-app-roles";
    }

    @Override
    public Change check(Target target) {
        PostgresSettings pg = target.inventory().section(PostgresSettings.class);
        if (pg.users().isEmpty() && pg.databases().isEmpty()) {
            return Change.none();
        }
        if (target.state().read(PostgresClusterResource.KUBECONFIG).isEmpty() || !passwordsKept(target, pg)) {
            return Change.of(ChangeAction.CREATE, "application users and databases, once the cluster is up");
        }
        PsqlClient.Result plan = psql.runScript(primary(target, pg), "require", AppRolesSql.plan(pg.users(),
                pg.databases(), passwords(target, pg)));
        if (!plan.ok()) {
            return Change.of(ChangeAction.CREATE, "application users and databases (the primary at "
                    + primary(target, pg) + " answers: " + plan.message() + ")");
        }
        long pending = plan.stdout().lines().filter(l -> !l.isBlank()).count();
        return pending == 0 ? Change.none() : Change.of(ChangeAction.UPDATE, pending
                + " statement(s) for users " + names(pg) + " and databases " + pg.databases().stream()
                .map(PostgresSettings.Database::name).toList());
    }

    @Override
    public void apply(Target target, Change change) {
        PostgresSettings pg = target.inventory().section(PostgresSettings.class);
        PsqlClient.Endpoint at = primary(target, pg);
        PsqlClient.Result run = psql.runScript(at, "require", AppRolesSql.script(pg.users(), pg.databases(),
                passwords(target, pg)));
        if (!run.ok()) {
            throw new GardenException("postgres application users and databases through the primary at " + at
                    + ": " + run.message() + " (gardenos status postgres; gardenos doctor)");
        }
    }

    private static String names(PostgresSettings pg) {
        return pg.users().stream().map(PostgresSettings.User::name).toList().toString();
    }

    private PsqlClient.Endpoint primary(Target target, PostgresSettings pg) {
        PatroniCluster cluster = PostgresObjects.cluster(target.inventory(), etcd);
        return new PsqlClient.Endpoint(nodeAddress(pg, target.host().address()), pg.nodePorts().primary(),
                cluster.superuser().username(), kept(target, pg, cluster.superuser()));
    }

    /** The play's K3s server, unless {@code postgres.nodes} says where the nodes are (then they are not its hosts). */
    static String nodeAddress(PostgresSettings pg, String playHost) {
        return pg.nodes().isEmpty() ? playHost : pg.nodes().get(0).address();
    }

    private boolean passwordsKept(Target target, PostgresSettings pg) {
        PatroniCluster cluster = PostgresObjects.cluster(target.inventory(), etcd);
        return cluster.appUsers().stream().map(c -> c.password().secret())
                .allMatch(s -> target.state().read(StateSecretValues.passwordFile(pg, s)).isPresent())
                && target.state().read(StateSecretValues.passwordFile(pg, cluster.superuser().password().secret()))
                .isPresent();
    }

    private Map<String, String> passwords(Target target, PostgresSettings pg) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Credential user : PostgresObjects.cluster(target.inventory(), etcd).appUsers()) {
            out.put(user.username(), kept(target, pg, user));
        }
        return out;
    }

    private static String kept(Target target, PostgresSettings pg, Credential login) {
        String file = StateSecretValues.passwordFile(pg, login.password().secret());
        return target.state().read(file).map(b -> new String(b, StandardCharsets.UTF_8).strip())
                .orElseThrow(() -> new GardenException("no kept password for " + login.username() + " in "
                        + target.state().resolve(file) + ": run gardenos apply postgres"));
    }
}
