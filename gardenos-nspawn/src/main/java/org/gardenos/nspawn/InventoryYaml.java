package org.gardenos.nspawn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gardenos.inventory.Role;

/** Renders the {@code gardenos.yaml} of a set of test hosts. Pure: no I/O. */
final class InventoryYaml {
    /** The shipped layers' roles in the order the CLI lists them, then any other role by name: a stable file. */
    private static final List<String> SHIPPED_ROLES = List.of("etcd", "server", "agent", "lb");
    private static final java.util.Comparator<String> ROLE_ORDER = java.util.Comparator
            .<String>comparingInt(r -> SHIPPED_ROLES.contains(r) ? SHIPPED_ROLES.indexOf(r) : SHIPPED_ROLES.size())
            .thenComparing(java.util.Comparator.naturalOrder());

    private static final YAMLMapper MAPPER = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    /** One {@code hosts[]} entry. */
    record Entry(String name, String address, Set<Role> roles) {
        Entry {
            roles = Set.copyOf(roles);
        }
    }

    private InventoryYaml() {
    }

    /**
     * The inventory: {@code cluster}, {@code ssh} (user, port, the run's private key and known_hosts, so host keys
     * are verified), {@code hosts}, then {@code extraYaml} verbatim (further top-level sections: etcd, k3s, ...).
     *
     * @throws IllegalArgumentException when {@code extraYaml} is not YAML or repeats a section written here
     */
    static String render(String cluster, String sshUser, Path privateKey, Path knownHosts, List<Entry> hosts,
                         String extraYaml) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("cluster", cluster);
        Map<String, Object> ssh = new LinkedHashMap<>();
        ssh.put("user", sshUser);
        ssh.put("port", 22);
        ssh.put("privateKey", privateKey.toString());
        ssh.put("knownHosts", knownHosts.toString());
        doc.put("ssh", ssh);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Entry e : hosts) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("name", e.name());
            h.put("address", e.address());
            h.put("roles", e.roles().stream().map(Role::name).sorted(ROLE_ORDER).toList());
            list.add(h);
        }
        doc.put("hosts", list);
        String text;
        try {
            text = MAPPER.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the inventory: " + e.getMessage(), e);
        }
        if (extraYaml != null && !extraYaml.isBlank()) {
            text = text + extraYaml.stripTrailing() + "\n";
        }
        try {
            JsonNode parsed = MAPPER.readTree(text);
            if (parsed == null || !parsed.isObject()) {
                throw new IllegalArgumentException("extraYaml must be top-level YAML mappings");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("extraYaml does not fit into the inventory (top-level sections "
                    + "other than cluster, ssh and hosts): " + e.getOriginalMessage(), e);
        }
        return text;
    }

    /** The default roles: every host {@code etcd} and {@code server}, the first one also {@code lb}. */
    static Map<String, Set<Role>> defaultRoles(List<String> names) {
        Map<String, Set<Role>> roles = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            List<Role> these = i == 0 ? List.of(Role.of("etcd"), Role.of("server"), Role.of("lb"))
                    : List.of(Role.of("etcd"), Role.of("server"));
            roles.put(names.get(i), new java.util.LinkedHashSet<>(these));
        }
        return roles;
    }
}
