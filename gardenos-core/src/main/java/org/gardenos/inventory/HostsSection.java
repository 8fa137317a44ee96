package org.gardenos.inventory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads the {@code hosts:} list: names, addresses, roles and node labels of every host. */
final class HostsSection {
    private final List<InventorySection<?>> sections;
    private final List<Role> known;
    private final String roleList;

    HostsSection(List<InventorySection<?>> sections) {
        this.sections = List.copyOf(sections);
        this.known = sections.stream().flatMap(s -> s.roles().stream()).toList();
        this.roleList = String.join(", ", known.stream().map(Role::name).toList());
    }

    List<PlacedHost> parse(Section root) {
        Problems problems = root.problems();
        Optional<List<YamlNode>> items = root.list("hosts");
        if (items.isEmpty()) {
            root.missing("hosts", "a list of hosts, each with name, address and roles");
            return List.of();
        }
        if (items.get().isEmpty() && !problems.failed(root.pathOf("hosts"))) {
            problems.error(root.pathOf("hosts"), "must list at least one host");
        }
        List<PlacedHost> hosts = new ArrayList<>();
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
                hosts.add(new PlacedHost(new HostSpec(name.get(), Ipv4.format(address.get()), roles, labels), host.path()));
            }
        }
        return hosts;
    }

    private Set<Role> roles(Section host) {
        Problems problems = host.problems();
        Optional<List<YamlNode>> items = host.list("roles");
        if (items.isEmpty()) {
            host.missing("roles", "a list of " + roleList);
            return Set.of();
        }
        if (items.get().isEmpty() && !problems.failed(host.pathOf("roles"))) {
            problems.error(host.pathOf("roles"), "must name at least one role (" + roleList + ")");
        }
        List<String> names = known.stream().map(Role::name).toList();
        Set<Role> roles = new LinkedHashSet<>();
        for (YamlNode item : items.get()) {
            host.string(item).ifPresent(text -> {
                Optional<Role> role = known.stream().filter(r -> r.name().equals(text)).findFirst();
                if (role.isEmpty()) {
                    String hint = Section.closest(text, names).map(s -> "did you mean " + Problems.quote(s) + "? ").orElse("");
                    problems.error(item.path(), "unknown role " + Problems.quote(text) + " (" + hint + "roles are "
                            + roleList + ")");
                } else if (!roles.add(role.get())) {
                    problems.error(item.path(), "role " + Problems.quote(text) + " is listed twice");
                }
            });
        }
        for (InventorySection<?> section : sections) {
            section.refuseRoles(roles).ifPresent(reason -> problems.error(host.pathOf("roles"), reason));
        }
        List<Role> ordered = new ArrayList<>(roles);
        ordered.sort(Comparator.comparingInt(known::indexOf));
        return new LinkedHashSet<>(ordered);
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
