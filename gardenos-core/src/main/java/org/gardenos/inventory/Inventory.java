package org.gardenos.inventory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded and validated {@code gardenos.yaml}: what core knows ({@code cluster}, {@code ssh}, {@code hosts}) plus one
 * settings record per installed {@link InventorySection}, looked up by type:
 * {@code inventory.section(EtcdSettings.class)}. Immutable; load one with {@link InventoryLoader}, or build one in a
 * test with {@link #builder()}.
 */
public final class Inventory {
    private final Path file;
    private final String cluster;
    private final SshSettings ssh;
    private final List<HostSpec> hosts;
    private final Map<Class<?>, Object> sections;

    private Inventory(Path file, String cluster, SshSettings ssh, List<HostSpec> hosts, Map<Class<?>, Object> sections) {
        this.file = file;
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.ssh = Objects.requireNonNull(ssh, "ssh");
        this.hosts = List.copyOf(hosts);
        this.sections = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sections));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The file it was loaded from (absolute), or the name given to a built one. */
    public Path file() {
        return file;
    }

    public String cluster() {
        return cluster;
    }

    public SshSettings ssh() {
        return ssh;
    }

    public List<HostSpec> hosts() {
        return hosts;
    }

    public List<HostSpec> hostsWith(Role role) {
        return hosts.stream().filter(h -> h.has(role)).toList();
    }

    public Optional<HostSpec> host(String name) {
        return hosts.stream().filter(h -> h.name().equals(name)).findFirst();
    }

    /**
     * The settings of a layer's section.
     *
     * @throws IllegalStateException when the inventory was loaded without that section (its module not installed)
     */
    public <T> T section(Class<T> type) {
        return findSection(type).orElseThrow(() -> new IllegalStateException("the inventory has no "
                + type.getSimpleName() + ": load it with the layer module that reads it installed"
                + " (InventoryLoader.forModules(...)); it has " + sections.keySet().stream().map(Class::getSimpleName).toList()));
    }

    /** The settings of a section, empty when its module was not installed when the inventory was loaded. */
    public <T> Optional<T> findSection(Class<T> type) {
        return Optional.ofNullable(sections.get(type)).map(type::cast);
    }

    /** A copy with these settings added or replaced (same type). */
    public Inventory withSection(Object settings) {
        Map<Class<?>, Object> copy = new LinkedHashMap<>(sections);
        copy.put(settings.getClass(), settings);
        return new Inventory(file, cluster, ssh, hosts, copy);
    }

    /** A copy with other hosts. */
    public Inventory withHosts(List<HostSpec> newHosts) {
        return new Inventory(file, cluster, ssh, newHosts, sections);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Inventory other && Objects.equals(file, other.file) && cluster.equals(other.cluster)
                && ssh.equals(other.ssh) && hosts.equals(other.hosts) && sections.equals(other.sections);
    }

    @Override
    public int hashCode() {
        return Objects.hash(file, cluster, ssh, hosts, sections);
    }

    @Override
    public String toString() {
        return "Inventory[file=" + file + ", cluster=" + cluster + ", ssh=" + ssh + ", hosts=" + hosts
                + ", sections=" + sections.values() + "]";
    }

    /**
     * Fluent construction for tests and embedders that do not read a file. Defaults: file {@code gardenos.yaml},
     * cluster {@code garden}, ssh as root on port 22 with the usual key files under {@code ~/.ssh}.
     */
    public static final class Builder {
        private Path file = Path.of("gardenos.yaml");
        private String cluster = "garden";
        private SshSettings ssh;
        private final List<HostSpec> hosts = new ArrayList<>();
        private final Map<Class<?>, Object> sections = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder file(Path file) {
            this.file = file;
            return this;
        }

        public Builder cluster(String cluster) {
            this.cluster = Objects.requireNonNull(cluster, "cluster");
            return this;
        }

        public Builder ssh(SshSettings ssh) {
            this.ssh = Objects.requireNonNull(ssh, "ssh");
            return this;
        }

        public Builder host(HostSpec host) {
            hosts.add(Objects.requireNonNull(host, "host"));
            return this;
        }

        public Builder host(String name, String address, Role... roles) {
            return host(HostSpec.of(name, address, roles));
        }

        public Builder hosts(List<HostSpec> more) {
            more.forEach(this::host);
            return this;
        }

        /** A section's settings record (e.g. {@code EtcdSettings.defaults()}); one per type. */
        public Builder section(Object settings) {
            sections.put(settings.getClass(), Objects.requireNonNull(settings, "settings"));
            return this;
        }

        public Inventory build() {
            SshSettings effective = ssh != null ? ssh : new SshSettings("root", 22,
                    Path.of(System.getProperty("user.home"), ".ssh", "id_ed25519"),
                    Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"),
                    Duration.ofSeconds(10), Duration.ofMinutes(10));
            return new Inventory(file, cluster, effective, hosts, sections);
        }
    }
}
