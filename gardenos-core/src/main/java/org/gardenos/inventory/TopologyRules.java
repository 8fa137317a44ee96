package org.gardenos.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules core runs across sections: the roles the installed sections require, and no two equal ports on one host
 * (from ssh and every section's {@link InventorySection#ports}). Sections add their own rules through
 * {@link InventorySection#resolve} and {@link InventorySection#check}.
 */
final class TopologyRules {
    private static final KeyPath HOSTS = KeyPath.ROOT.key("hosts");
    private static final KeyPath SSH_PORT = KeyPath.ROOT.key("ssh").key("port");

    private TopologyRules() {
    }

    static void requiredRoles(Topology topology, List<Role> required) {
        if (!topology.allHostsRead() || topology.hosts().isEmpty() || required.isEmpty()) {
            return;
        }
        List<String> lacking = required.stream()
                .filter(role -> topology.hostsWith(role).isEmpty())
                .map(role -> Problems.quote(role.name()))
                .toList();
        if (!lacking.isEmpty()) {
            List<String> each = required.stream().map(r -> "one " + r.name()).toList();
            topology.problems().error(HOSTS, "no host has the role " + String.join(" or ", lacking)
                    + " (at least " + String.join(" and ", each) + " host" + (required.size() > 1 ? " are" : " is")
                    + " needed)");
        }
    }

    /** Each conflicting pair once, naming every host where it happens. */
    static void ports(Topology topology, List<ResolvedSection<?>> sections) {
        Problems problems = topology.problems();
        Map<List<String>, List<String>> conflicts = new LinkedHashMap<>();
        Map<List<String>, PortUse[]> pairs = new LinkedHashMap<>();
        for (PlacedHost host : topology.hosts()) {
            List<PortUse> uses = new ArrayList<>();
            uses.add(PortUse.of(topology.ssh().port(), SSH_PORT));
            sections.forEach(section -> uses.addAll(section.ports(host.spec())));
            for (int i = 0; i < uses.size(); i++) {
                for (int j = i + 1; j < uses.size(); j++) {
                    PortUse a = uses.get(i);
                    PortUse b = uses.get(j);
                    if (a.port() == b.port() && !failed(problems, a) && !failed(problems, b)
                            && !topology.isJudged(a.key(), b.key())) {
                        List<String> pair = List.of(a.what(), b.what());
                        conflicts.computeIfAbsent(pair, k -> new ArrayList<>()).add(host.spec().name());
                        pairs.putIfAbsent(pair, new PortUse[] {a, b});
                    }
                }
            }
        }
        conflicts.forEach((pair, hostNames) -> {
            PortUse[] uses = pairs.get(pair);
            PortUse reported = reportAt(problems, uses[0], uses[1]);
            PortUse other = reported == uses[0] ? uses[1] : uses[0];
            String defaulted = problems.isWritten(reported.key()) ? "" : " (the default)";
            String derived = reported.what().equals(reported.key().toString()) ? "" : " (" + reported.what() + ")";
            problems.error(reported.key(), "port " + reported.port() + defaulted + derived + " is also " + other.what() + " on "
                    + String.join(", ", hostNames) + "; the ports a host listens on must differ");
        });
    }

    private static boolean failed(Problems problems, PortUse use) {
        return use.key() != null && problems.failed(use.key());
    }

    /** Report where the user can fix it: a key written in the file, the later one when both are. */
    private static PortUse reportAt(Problems problems, PortUse a, PortUse b) {
        if (a.key() == null) {
            return b;
        }
        if (b.key() == null) {
            return a;
        }
        boolean aWritten = problems.isWritten(a.key());
        boolean bWritten = problems.isWritten(b.key());
        if (aWritten != bWritten) {
            return aWritten ? a : b;
        }
        return problems.locate(a.key()).compareTo(problems.locate(b.key())) > 0 ? a : b;
    }
}
