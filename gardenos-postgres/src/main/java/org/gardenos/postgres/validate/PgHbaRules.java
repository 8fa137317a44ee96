package org.gardenos.postgres.validate;

import java.util.List;
import org.gardenos.postgres.model.HbaRule;
import org.gardenos.postgres.model.PatroniCluster;

/**
 * The live pg_hba.conf of the primary (read by the superuser with {@code pg_read_file}) against the rendered rules:
 * the same lines in the same order (first match wins), which means SSL-only password access from the pod network and
 * the allowed networks, and every other address rejected.
 */
final class PgHbaRules {
    static final String QUERY = "select pg_read_file(current_setting('hba_file'))";
    private static final String NAME = "pg_hba";

    private PgHbaRules() {
    }

    static Check check(PsqlClient.Result read, PatroniCluster cluster) {
        if (!read.ok()) {
            return Check.fail(NAME, "cannot read pg_hba.conf: " + read.message());
        }
        List<String> live = read.stdout().lines().map(l -> l.replaceAll("#.*", "").strip().replaceAll("\\s+", " "))
                .filter(l -> !l.isEmpty()).limit(1000).toList();
        List<String> wanted = cluster.pgHba().lines();
        String podNetwork = cluster.pgHba().rules().stream().filter(r -> r.database().equals("replication")
                && r.type().equals("hostssl")).map(HbaRule::address).findFirst().orElse("?");
        if (!live.contains("hostssl replication " + cluster.replication().username() + " " + podNetwork + " scram-sha-256")) {
            return Check.fail(NAME, "the pod network " + podNetwork + " may not replicate: replicas stay bootstrapping"
                    + " (gardenos apply postgres renders it)");
        }
        for (int i = 0; i < Math.max(live.size(), wanted.size()); i++) {
            String have = i < live.size() ? live.get(i) : "(nothing)";
            String want = i < wanted.size() ? wanted.get(i) : "(nothing)";
            if (!have.equals(want)) {
                return Check.fail(NAME, "line " + (i + 1) + " is '" + bounded(have) + "', rendered '" + want
                        + "' (gardenos apply postgres)");
            }
        }
        List<String> admitted = cluster.pgHba().rules().stream().filter(r -> r.type().equals("hostssl"))
                .map(HbaRule::address).distinct().toList();
        return Check.pass(NAME, "as rendered: SSL and password from " + String.join(", ", admitted)
                + " (pod network " + podNetwork + "), no plain connections, every other address rejected");
    }

    private static String bounded(String s) {
        String clean = s.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 120 ? clean.substring(0, 120) + "..." : clean;
    }
}
