package org.gardenos.inventory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads the {@code hosts:} list: names, addresses, roles and node labels of every host. */
final class HostsSection {
    /** A host and where it is written, for rules that span hosts. */
    record ParsedHost(HostSpec spec, KeyPath path, int addressBits) {
    }

    private HostsSection() {
    }

    static List<ParsedHost> parse(Section root) {
        Problems problems = root.problems();
        Optional<List<YamlNode>> items = root.list("hosts");
        if (items.isEmpty()) {
            root.missing("hosts", "a list of hosts, each with name, address and roles");
            return List.of();
        }
        if (items.get().isEmpty() && !problems.failed(root.pathOf("hosts"))) {
            problems.error(root.pathOf("hosts"), "must list at least one host");
        }
        List<ParsedHost> hosts = new ArrayList<>();
        Map<String, KeyPath> names = new HashMap<>();
        Map<Integer, KeyPath> addresses = new HashMap<>();
        for (YamlNode item : items.get()) {
            Section host = Section.of(item, problems, "a mapping with name, address and roles");
            Optional<String> name = host.requiredString("name", "a DNS-1123 label like 'node-1'", Formats::dnsLabel);
            Optional<Integer> address = host.requiredString("address", "an IPv4 address", Ipv4::parseHostAddress);
            Set<Role> roles = roles(host);
            Map<String, String> labels = labels(host);
            host.finish();

            name.ifPresent(n -> {
                KeyPath first = names.putIfAbsent(n, host.path());
                if (first != null) {
                    problems.error(host.pathOf("name"), "host name " + Problems.quote(n) + " is already used by " + first);
                }
            });
            address.ifPresent(a -> {
                KeyPath first = addresses.putIfAbsent(a, host.path());
                if (first != null) {
                    problems.error(host.pathOf("address"), "address " + Ipv4.format(a) + " is already used by " + first);
                }
            });
            if (name.isPresent() && address.isPresent() && !roles.isEmpty()) {
                hosts.add(new ParsedHost(new HostSpec(name.get(), Ipv4.format(address.get()), roles, labels),
                        host.path(), address.get()));
            }
        }
        return hosts;
    }

    private static Set<Role> roles(Section host) {
        Problems problems = host.problems();
        Optional<List<YamlNode>> items = host.list("roles");
        if (items.isEmpty()) {
            host.missing("roles", "a list of etcd, server, agent, lb");
            return Set.of();
        }
        if (items.get().isEmpty() && !problems.failed(host.pathOf("roles"))) {
            problems.error(host.pathOf("roles"), "must name at least one role (etcd, server, agent, lb)");
        }
        List<String> names = Arrays.stream(Role.values()).map(Role::yamlName).toList();
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (YamlNode item : items.get()) {
            host.string(item).ifPresent(text -> {
                Optional<Role> role = Role.fromYaml(text);
                if (role.isEmpty()) {
                    String hint = Section.closest(text, names).map(s -> "did you mean " + Problems.quote(s) + "? ").orElse("");
                    problems.error(item.path(), "unknown role " + Problems.quote(text) + " (" + hint + "roles are "
                            + String.join(", ", names) + ")");
                } else if (!roles.add(role.get())) {
                    problems.error(item.path(), "role " + Problems.quote(text) + " is listed twice");
                }
            });
        }
        if (roles.contains(Role.SERVER) && roles.contains(Role.AGENT)) {
            problems.error(host.pathOf("roles"), "a host is either a K3s server or a K3s agent, not both"
                    + " (servers run workloads too when k3s.hybrid is true)");
        }
        return roles;
    }

    private static Map<String, String> labels(Section host) {
        Problems problems = host.problems();
        Optional<YamlNode> node = host.node("labels");
        if (node.isEmpty()) {
            return Map.of();
        }
        Section labels = Section.of(node.get(), problems, "a mapping of Kubernetes node labels (key: value)");
        Map<String, String> result = new LinkedHashMap<>();
        labels.entries().forEach((key, entry) -> {
            KeyPath path = labels.pathOf(key);
            try {
                Formats.nodeLabelKey(key);
            } catch (InvalidValueException e) {
                problems.errorAtKey(path, e.getMessage());
                return;
            }
            labels.checked(entry.value(), Formats::labelValue).ifPresent(value -> result.put(key, value));
        });
        return result;
    }
}
