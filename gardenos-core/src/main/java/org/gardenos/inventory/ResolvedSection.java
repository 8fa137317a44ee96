package org.gardenos.inventory;

import java.util.List;

/** A section and its settings while the loader runs the rules; keeps the SPI calls type-safe. */
final class ResolvedSection<T> {
    private final InventorySection<T> section;
    private T settings;

    private ResolvedSection(InventorySection<T> section, T settings) {
        this.section = section;
        this.settings = settings;
    }

    static <T> ResolvedSection<T> parse(InventorySection<T> section, Section top, LocalPaths paths) {
        return new ResolvedSection<>(section, section.parse(top.section(section.key()), paths));
    }

    InventorySection<T> section() {
        return section;
    }

    T settings() {
        return settings;
    }

    void resolve(Topology topology) {
        settings = section.resolve(settings, topology);
    }

    List<PortUse> ports(HostSpec host) {
        return section.ports(host, settings);
    }

    void check(Topology topology) {
        section.check(settings, topology);
    }
}
