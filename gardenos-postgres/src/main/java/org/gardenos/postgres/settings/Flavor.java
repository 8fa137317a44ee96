package org.gardenos.postgres.settings;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How the PostgreSQL/Patroni image is configured. Both flavors are rendered from one
 * {@link org.gardenos.postgres.model.PatroniCluster}; only the way the configuration reaches Patroni differs.
 */
public enum Flavor {
    /** Zalando's Spilo image, configured by its documented environment (SCOPE, ETCD3_*, SPILO_CONFIGURATION, ...). */
    SPILO("spilo"),
    /** Any image with PostgreSQL and Patroni, started as {@code patroni /path/patroni.yml} from a rendered file. */
    PATRONI("patroni");

    private final String yamlName;

    Flavor(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    public static Optional<Flavor> fromYaml(String text) {
        return Arrays.stream(values()).filter(f -> f.yamlName.equals(text)).findFirst();
    }

    public static List<String> yamlNames() {
        return Arrays.stream(values()).map(Flavor::yamlName).toList();
    }
}
