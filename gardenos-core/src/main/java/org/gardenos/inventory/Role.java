package org.gardenos.inventory;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a host does in the cluster, as written in {@code hosts[].roles} ({@code etcd}, {@code server}, ...). Roles are
 * open values: each layer module declares the roles it understands through its {@link InventorySection}, and the
 * loader refuses a role no installed section declares.
 */
public record Role(String name) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    public Role {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a role name is lower-case letters, digits and '-': " + name);
        }
    }

    public static Role of(String name) {
        return new Role(name);
    }

    /** The spelling in {@code gardenos.yaml}. */
    public String yamlName() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
