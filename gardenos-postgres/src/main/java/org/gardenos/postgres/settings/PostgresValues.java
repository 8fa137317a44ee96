package org.gardenos.postgres.settings;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gardenos.inventory.Formats;
import org.gardenos.inventory.InvalidValueException;
import org.gardenos.inventory.Ipv4;
import org.gardenos.inventory.Ipv4Cidr;
import org.gardenos.inventory.KeyPath;
import org.gardenos.inventory.Problems;
import org.gardenos.inventory.Section;
import org.gardenos.inventory.YamlNode;

/** The structured values of the {@code postgres:} section: numbers, resources, parameters, networks, roles. */
final class PostgresValues {
    private static final String ROLE_HINT = "a PostgreSQL role name like 'app'";

    private PostgresValues() {
    }

    static int integer(Section section, String key, int defaultValue, int min, int max) {
        return (int) integer(section, key, (long) defaultValue, min, max);
    }

    /** A plain decimal integer within [min, max]; a quoted number gets the hint to unquote it. */
    static long integer(Section section, String key, long defaultValue, long min, long max) {
        Optional<YamlNode> node = section.node(key);
        if (node.isEmpty()) {
            return defaultValue;
        }
        if (node.get() instanceof YamlNode.Scalar scalar && scalar.kind() == YamlNode.ScalarKind.INTEGER
                && scalar.text().matches("0|[1-9][0-9]{0,17}")) {
            long value = Long.parseLong(scalar.text());
            if (value >= min && value <= max) {
                return value;
            }
            section.problems().error(scalar.path(), value + " is out of range " + min + "-" + max);
            return defaultValue;
        }
        String hint = node.get() instanceof YamlNode.Scalar s && s.kind() == YamlNode.ScalarKind.STRING
                && s.text().matches("[0-9]+") ? " (write it without quotes: " + s.text() + ")" : "";
        section.problems().error(node.get().path(), "expected a whole number " + min + "-" + max + ", got "
                + node.get().describe() + hint);
        return defaultValue;
    }

    /** Requests default to 250m CPU and 512Mi memory, the memory limit to 1Gi; no CPU limit (throttling stalls Patroni's loop). */
    static PostgresSettings.Resources resources(Section resources) {
        Section requests = resources.section("requests");
        Map<String, String> req = new LinkedHashMap<>();
        req.put("cpu", requests.string("cpu", "250m", PostgresFormats::quantity));
        req.put("memory", requests.string("memory", "512Mi", PostgresFormats::quantity));
        requests.finish();
        Section limits = resources.section("limits");
        Map<String, String> lim = new LinkedHashMap<>();
        limits.string("cpu", PostgresFormats::quantity).ifPresent(cpu -> lim.put("cpu", cpu));
        lim.put("memory", limits.string("memory", "1Gi", PostgresFormats::quantity));
        limits.finish();
        resources.finish();
        for (String kind : List.of("cpu", "memory")) {
            if (lim.containsKey(kind) && !resources.problems().failedWithin(resources.path())
                    && number(lim.get(kind)).compareTo(number(req.get(kind))) < 0) {
                resources.problems().error(limits.pathOf(kind), "limit " + lim.get(kind) + " is below the request "
                        + req.get(kind) + " (Kubernetes refuses such a pod)");
            }
        }
        return new PostgresSettings.Resources(req, lim);
    }

    private static BigDecimal number(String quantity) {
        try {
            return PostgresFormats.positive(quantity);
        } catch (InvalidValueException e) {
            return BigDecimal.ZERO;
        }
    }

    /** PostgreSQL settings; numbers and booleans may be written unquoted ({@code max_connections: 200}). */
    static Map<String, String> parameters(Section pg) {
        Optional<YamlNode> node = pg.node("parameters");
        if (node.isEmpty()) {
            return Map.of();
        }
        Section params = Section.of(node.get(), pg.problems(), "a mapping of PostgreSQL settings (name: value)");
        Map<String, String> result = new LinkedHashMap<>();
        params.entries().forEach((name, entry) -> {
            try {
                PostgresFormats.parameterName(name);
            } catch (InvalidValueException e) {
                pg.problems().errorAtKey(params.pathOf(name), e.getMessage());
                return;
            }
            if (entry.value() instanceof YamlNode.Scalar scalar && scalar.kind() != YamlNode.ScalarKind.NULL) {
                try {
                    result.put(name, PostgresFormats.parameterValue(scalar.text()));
                } catch (InvalidValueException e) {
                    pg.problems().error(scalar.path(), e.getMessage());
                }
            } else {
                pg.problems().error(entry.value().path(), "expected a value (string, number or boolean), got "
                        + entry.value().describe());
            }
        });
        return result;
    }

    /** pg_hba's networks; defaults to the K3s pod and service networks. Warns when pods would be refused. */
    /** The written networks, or an empty list when the key is absent (the section resolves the K3s defaults). */
    static List<String> networks(Section pg) {
        Optional<List<YamlNode>> items = pg.list("allowedNetworks");
        if (items.isEmpty()) {
            return List.of();
        }
        List<String> networks = new ArrayList<>();
        for (YamlNode item : items.get()) {
            pg.checked(item, Ipv4Cidr::parse).ifPresent(cidr -> {
                if (networks.contains(cidr.toString())) {
                    pg.problems().error(item.path(), Problems.quote(cidr.toString()) + " is listed twice");
                } else {
                    networks.add(cidr.toString());
                }
            });
        }
        if (items.get().isEmpty() && !pg.problems().failed(pg.pathOf("allowedNetworks"))) {
            pg.problems().error(pg.pathOf("allowedNetworks"), "must list at least one network (leave the key out for"
                    + " the K3s pod and service networks)");
        }
        return networks;
    }

    static boolean covers(List<String> networks, String podNetwork) {
        try {
            Ipv4Cidr pods = Ipv4Cidr.parse(podNetwork);
            for (String text : networks) {
                Ipv4Cidr network = Ipv4Cidr.parse(text);
                if (network.prefix() <= pods.prefix() && network.contains(pods.network())) {
                    return true;
                }
            }
            return false;
        } catch (InvalidValueException e) {
            return true;
        }
    }

    static List<PostgresSettings.User> users(Section pg) {
        List<PostgresSettings.User> users = new ArrayList<>();
        Map<String, KeyPath> seen = new HashMap<>();
        for (YamlNode item : pg.list("users").orElse(List.of())) {
            Section user = Section.of(item, pg.problems(), "a mapping with the user's name");
            Optional<String> name = user.requiredString("name", ROLE_HINT, PostgresFormats::roleName);
            user.finish();
            name.ifPresent(n -> {
                KeyPath first = seen.putIfAbsent(n, user.path());
                if (first != null) {
                    pg.problems().error(user.pathOf("name"), "user " + Problems.quote(n) + " is already listed at " + first);
                } else {
                    users.add(new PostgresSettings.User(n));
                }
            });
        }
        return users;
    }

    /**
     * {@code nodes}: absent is an empty list (the K3s hosts); written, at least one {@code {name, address}}, names
     * DNS labels (HAProxy's server names) and addresses host addresses, each once.
     */
    static List<PostgresSettings.Node> nodes(Section pg) {
        Optional<List<YamlNode>> items = pg.list("nodes");
        if (items.isEmpty()) {
            return List.of();
        }
        if (items.get().isEmpty() && !pg.problems().failed(pg.pathOf("nodes"))) {
            pg.problems().error(pg.pathOf("nodes"), "must list at least one node (leave the key out for the"
                    + " inventory's server and agent hosts)");
        }
        List<PostgresSettings.Node> nodes = new ArrayList<>();
        Map<String, KeyPath> names = new HashMap<>();
        Map<Integer, KeyPath> addresses = new HashMap<>();
        for (YamlNode item : items.get()) {
            Section node = Section.of(item, pg.problems(), "a mapping with the node's name and address");
            Optional<String> name = node.requiredString("name", "a DNS-1123 label like 'k8s-node1'", Formats::dnsLabel);
            Optional<Integer> address = node.requiredString("address", "the IPv4 address the lb hosts reach the node"
                    + " at", Ipv4::parseHostAddress);
            node.finish();
            KeyPath firstName = name.map(n -> names.putIfAbsent(n, node.path())).orElse(null);
            if (firstName != null) {
                pg.problems().error(node.pathOf("name"), "node " + Problems.quote(name.get()) + " is already listed at "
                        + firstName);
            }
            KeyPath firstAddress = address.map(a -> addresses.putIfAbsent(a, node.path())).orElse(null);
            if (firstAddress != null) {
                pg.problems().error(node.pathOf("address"), "address " + Ipv4.format(address.get())
                        + " is already listed at " + firstAddress);
            }
            if (name.isPresent() && address.isPresent() && firstName == null && firstAddress == null) {
                nodes.add(new PostgresSettings.Node(name.get(), Ipv4.format(address.get())));
            }
        }
        return nodes;
    }

    static List<PostgresSettings.Database> databases(Section pg, List<PostgresSettings.User> users) {
        Set<String> userNames = new java.util.HashSet<>();
        users.forEach(u -> userNames.add(u.name()));
        List<PostgresSettings.Database> databases = new ArrayList<>();
        Map<String, KeyPath> seen = new HashMap<>();
        for (YamlNode item : pg.list("databases").orElse(List.of())) {
            Section db = Section.of(item, pg.problems(), "a mapping with name and owner");
            Optional<String> name = db.requiredString("name", "a database name like 'app'", PostgresValues::databaseName);
            Optional<String> owner = db.requiredString("owner", "one of postgres.users", PostgresFormats::identifier);
            db.finish();
            owner.filter(o -> !userNames.contains(o)).ifPresent(o -> pg.problems().error(db.pathOf("owner"),
                    "owner " + Problems.quote(o) + " is not listed in postgres.users (add it there: GardenOS creates"
                    + " the role and its password before the database)"));
            name.ifPresent(n -> {
                KeyPath first = seen.putIfAbsent(n, db.path());
                if (first != null) {
                    pg.problems().error(db.pathOf("name"), "database " + Problems.quote(n) + " is already listed at " + first);
                } else if (owner.isPresent() && userNames.contains(owner.get())) {
                    databases.add(new PostgresSettings.Database(n, owner.get()));
                }
            });
        }
        return databases;
    }

    private static String databaseName(String value) throws InvalidValueException {
        PostgresFormats.identifier(value);
        if (Set.of("postgres", "template0", "template1").contains(value)) {
            throw new InvalidValueException(Problems.quote(value) + " is one of PostgreSQL's own databases");
        }
        return value;
    }
}
