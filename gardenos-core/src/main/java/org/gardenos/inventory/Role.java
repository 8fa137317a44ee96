package org.gardenos.inventory;

import java.util.Locale;
import java.util.Optional;

/** What a host does in the cluster. The YAML spelling is the lower-case name. */
public enum Role {
    ETCD, SERVER, AGENT, LB;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromYaml(String value) {
        for (Role r : values()) {
            if (r.yamlName().equals(value)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
