package org.gardenos.postgres.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gardenos.postgres.settings.PostgresSettings;

/**
 * The journal's failures as they show in a member's container log (PostgreSQL's, Patroni's and python-etcd's own
 * messages), each turned into a {@link Finding}. The log is untrusted: only fixed phrases are matched and only an
 * address-shaped value is carried into the line.
 */
final class LogSignatures {
    private static final Pattern HBA = Pattern.compile(
            "no pg_hba\\.conf entry for (replication connection from )?host \"([0-9a-fA-F.:]{3,45})\"");
    private static final Pattern PERMISSIONS = Pattern.compile(
            "data directory \"[^\"]{1,200}\" has invalid permissions|could not change permissions of directory"
                    + "|initdb: error: could not (change permissions|create directory)");
    private static final Pattern ETCD_V2 = Pattern.compile(
            "Failed to get list of machines from|etcd\\.EtcdException|/v2/machines|/v2/keys");

    private LogSignatures() {
    }

    static List<Finding> scan(String pod, String log, PostgresSettings pg, String podNetwork) {
        List<Finding> found = new ArrayList<>();
        hba(pod, log, podNetwork).ifPresent(found::add);
        if (PERMISSIONS.matcher(log).find()) {
            found.add(new Finding("PGDATA permissions", pod + ": PostgreSQL refuses or cannot set its data directory's"
                    + " mode (it must be 0700 or 0750 and owned by the postgres uid; a chmod on the volume's mount point"
                    + " or the kubelet's recursive fsGroup change breaks it)", "keep PGDATA a subdirectory of the mount,"
                    + " run as the image's postgres uid with fsGroup and fsGroupChangePolicy OnRootMismatch, no chmod"
                    + " init container: gardenos apply postgres renders exactly that"));
        }
        if (ETCD_V2.matcher(log).find()) {
            found.add(new Finding("etcd v2 API", pod + ": Patroni talks etcd's v2 API, which etcd 3.4 disables and 3.6"
                    + " removes", "configure the v3 API: ETCD3_HOSTS (Spilo) or an etcd3: section (patroni.yml),"
                    + " never ETCD_HOST or etcd:; gardenos apply postgres renders it"));
        }
        return found;
    }

    private static Optional<Finding> hba(String pod, String log, String podNetwork) {
        Matcher m = HBA.matcher(log);
        if (!m.find()) {
            return Optional.empty();
        }
        boolean replication = m.group(1) != null;
        return Optional.of(new Finding("pg_hba", pod + ": PostgreSQL refused " + (replication ? "a replication"
                : "a") + " connection from " + m.group(2) + " (no pg_hba.conf line admits it"
                + (replication ? "; replicas stay bootstrapping" : "") + ")", "admit the pod network " + podNetwork
                + " over SSL (hostssl replication standby " + podNetwork + " scram-sha-256) and the networks"
                + " clients come from (postgres.allowedNetworks); gardenos apply postgres renders them"));
    }
}
