package org.gardenos.postgres.patroni;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.gardenos.postgres.settings.PostgresSettings;

/**
 * What "the cluster is up" means, shared by the layer's wait and {@code status postgres}: exactly one leader, every
 * member of the StatefulSet ({@code SCOPE-0 .. SCOPE-(n-1)}) present, every replica replicating with a lag of at
 * most {@code maxLagBytes}.
 */
public final class ClusterHealth {
    private ClusterHealth() {
    }

    /** The problems, one short phrase each; empty when healthy. */
    public static List<String> problems(PostgresSettings pg, PatroniClusterView view) {
        List<String> problems = new ArrayList<>();
        int leaders = view.leaders().size();
        if (leaders == 0) {
            problems.add("no leader");
        } else if (leaders > 1) {
            problems.add(leaders + " leaders");
        }
        Set<String> present = view.members().stream().map(PatroniMember::name).collect(Collectors.toSet());
        for (String expected : members(pg)) {
            if (!present.contains(expected)) {
                problems.add("member " + expected + " missing");
            }
        }
        for (PatroniMember m : view.members()) {
            if (m.leader()) {
                continue;
            }
            if (!m.replicating()) {
                problems.add("replica " + m.name() + " is " + m.state() + ", not streaming");
            } else if (m.lagBytes().isPresent() && m.lagBytes().getAsLong() > pg.maxLagBytes()) {
                problems.add("replica " + m.name() + " lags " + m.lagBytes().getAsLong() + " bytes (over "
                        + pg.maxLagBytes() + ")");
            }
        }
        return problems;
    }

    public static List<String> members(PostgresSettings pg) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < pg.replicas(); i++) {
            names.add(pg.scope() + "-" + i);
        }
        return names;
    }
}
