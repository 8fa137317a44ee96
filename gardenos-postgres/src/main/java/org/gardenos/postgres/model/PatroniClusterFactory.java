package org.gardenos.postgres.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.gardenos.postgres.settings.Flavor;
import org.gardenos.postgres.settings.PostgresSettings;

/** Builds the {@link PatroniCluster} from the postgres settings and what the other layers provide. Pure. */
public final class PatroniClusterFactory {
    public static final String SUPERUSER = "postgres";
    public static final String REPLICATION_USER = "standby";
    public static final String ADMIN_USER = "admin";
    public static final String REST_API_USER = "patroni";

    /** Spilo's layout: volume at /home/postgres/pgdata, PGROOT below it, uid 101 / gid 103 (its postgres user). */
    static final PodLayout SPILO = new PodLayout("/home/postgres/pgdata", "/home/postgres/pgdata/pgroot/pgdata",
            "/etc/gardenos", 101, 103, 103);
    /**
     * The Debian Patroni image: PostgreSQL's files under /var/lib/postgresql. The image must run PostgreSQL as
     * uid/gid 999 (the official postgres images' numbers), which its build fixes when it creates the user.
     */
    static final PodLayout PATRONI = new PodLayout("/var/lib/postgresql/data", "/var/lib/postgresql/data/pgdata",
            "/etc/patroni", 999, 999, 999);

    private PatroniClusterFactory() {
    }

    public static PatroniCluster build(PostgresSettings s, ClusterContext context) {
        PodLayout layout = s.flavor() == Flavor.SPILO ? SPILO : PATRONI;
        Optional<Etcd3Dcs.TlsFiles> tls = context.etcdTls()
                ? Optional.of(new Etcd3Dcs.TlsFiles(layout.etcdTlsDirectory() + "/ca.crt",
                        layout.etcdTlsDirectory() + "/tls.crt", layout.etcdTlsDirectory() + "/tls.key"))
                : Optional.empty();
        String scope = s.scope();
        Etcd3Dcs etcd = new Etcd3Dcs(context.etcdEndpoints(), Etcd3Dcs.NAMESPACE, tls,
                context.etcdUser().map(user -> Credential.inSecret(user, scope + "-etcd-login")));
        DcsTiming dcs = new DcsTiming(s.patroni().ttl(), s.patroni().loopWait(), s.patroni().retryTimeout(),
                s.maxLagBytes());
        PgHba hba = PgHba.of(s.flavor(), SUPERUSER, REPLICATION_USER, context.podNetwork(), s.allowedNetworks());
        RoleLabel roleLabel = new RoleLabel(s.flavor() == Flavor.SPILO ? "spilo-role" : "patroni.gardenos.org/role",
                s.leaderLabel(), "replica");
        Map<String, String> parameters = new LinkedHashMap<>(s.parameters());
        return new PatroniCluster(s.namespace(), scope, s.flavor(), s.image(), s.postgresVersion(), s.replicas(),
                layout, etcd, dcs, parameters, hba,
                Credential.inSecret(SUPERUSER, scope + "-superuser"),
                Credential.inSecret(REPLICATION_USER, scope + "-replication"),
                Credential.inSecret(ADMIN_USER, scope + "-admin"),
                Credential.inSecret(REST_API_USER, scope + "-restapi"),
                s.users().stream().map(u -> Credential.inSecret(u.name(), userSecret(scope, u.name()))).toList(),
                s.databases(), s.volume(), s.resources(), roleLabel, s.nodePorts());
    }

    /** Role names may hold '_', Secret names may not; '-' never occurs in a role name, so the mapping is one-to-one. */
    static String userSecret(String scope, String user) {
        return scope + "-user-" + user.replace('_', '-');
    }
}
