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
    /** Patroni's etcd3 client logs the same "Failed to get list of machines" line with {@code /v3}: only v2 here. */
    private static final Pattern ETCD_V2 = Pattern.compile(
            "Failed to get list of machines from \\S{1,200}/v2\\b|etcd\\.EtcdException|/v2/machines|/v2/keys");
    private static final Pattern GATEWAY_OFF = Pattern.compile(
            "Failed to get list of machines from \\S{1,200}/v3: <Unknown error: '404 page not found'");
    /** etcd 3.4's answer on its gateway to a client certificate with a CommonName once auth is enabled. */
    private static final String GATEWAY_COMMON_NAME =
            "CommonName of client sending a request against gateway will be ignored";

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
        gateway(pod, log).ifPresent(found::add);
        if (ETCD_V2.matcher(log).find()) {
            found.add(new Finding("etcd v2 API", pod + ": Patroni talks etcd's v2 API, which etcd 3.4 disables and 3.6"
                    + " removes", "configure the v3 API: ETCD3_HOSTS (Spilo) or an etcd3: section (patroni.yml),"
                    + " never ETCD_HOST or etcd:; gardenos apply postgres renders it"));
        }
        return found;
    }

    /** The two ways etcd's v3 JSON gateway, which Patroni's etcd3 client speaks, turns Patroni away (sandbox run). */
    private static Optional<Finding> gateway(String pod, String log) {
        if (GATEWAY_OFF.matcher(log).find()) {
            return Optional.of(new Finding("etcd v3 gateway off", pod + ": etcd answers 404 on its v3 JSON gateway,"
                    + " which Patroni's etcd3 client speaks (etcd started from a config file without"
                    + " enable-grpc-gateway)", "set enable-grpc-gateway: true in every member's config;"
                    + " gardenos apply etcd renders it"));
        }
        if (log.contains(GATEWAY_COMMON_NAME)) {
            return Optional.of(new Finding("etcd auth on the gateway", pod + ": etcd refuses Patroni on its v3 JSON"
                    + " gateway: with auth enabled, etcd refuses every gateway request whose client certificate has a"
                    + " CommonName (a patroni certificate issued before GardenOS gave Patroni a password login)",
                    "gardenos apply etcd (issues the patroni certificate without CommonName and sets the patroni"
                    + " user's password), then gardenos apply postgres (hands both to Patroni)"));
        }
        return Optional.empty();
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
