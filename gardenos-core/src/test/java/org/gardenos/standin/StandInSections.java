package org.gardenos.standin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.gardenos.inventory.InventoryLoader;
import org.gardenos.inventory.InventorySection;
import org.gardenos.inventory.LocalPaths;
import org.gardenos.inventory.Role;
import org.gardenos.inventory.Section;
import org.gardenos.inventory.YamlNode;

/**
 * Stand-in inventory sections for the testkit's own tests: the testkit sits below the layer modules, so it cannot
 * install their real sections. These declare the shipped role names and keep a section's scalar values as text,
 * which is all these tests look at; the real sections are tested in the layer modules and the CLI.
 */
public final class StandInSections {
    public record Etcd(Map<String, String> values) {
    }

    public record K3s(Map<String, String> values) {
    }

    public record LoadBalancer(Map<String, String> values) {
    }

    private StandInSections() {
    }

    /** A loader with stand-ins for {@code etcd}, {@code k3s} and {@code loadBalancer} and their roles. */
    public static InventoryLoader loader() {
        return InventoryLoader.withSections(List.of(
                raw("etcd", Etcd.class, Etcd::new, List.of(Role.of("etcd"))),
                raw("k3s", K3s.class, K3s::new, List.of(Role.of("server"), Role.of("agent"))),
                raw("loadBalancer", LoadBalancer.class, LoadBalancer::new, List.of(Role.of("lb")))));
    }

    private static <T> InventorySection<T> raw(String key, Class<T> type, Function<Map<String, String>, T> make,
                                              List<Role> roles) {
        return new InventorySection<>() {
            @Override
            public String key() {
                return key;
            }

            @Override
            public Class<T> type() {
                return type;
            }

            @Override
            public List<Role> roles() {
                return roles;
            }

            @Override
            public T parse(Section section, LocalPaths paths) {
                Map<String, String> values = new LinkedHashMap<>();
                for (String name : List.copyOf(section.entries().keySet())) {
                    section.node(name).ifPresent(node -> values.put(name,
                            node instanceof YamlNode.Scalar scalar ? scalar.text() : node.describe()));
                }
                section.finish();
                return make.apply(values);
            }
        };
    }
}
