package org.gardenos.inventory;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One top-level section of {@code gardenos.yaml} and the rules that come with it, contributed by the layer module
 * that owns it (through {@link InventoryExtension}). Core knows only {@code cluster}, {@code ssh} and {@code hosts};
 * everything else (etcd, k3s, loadBalancer, postgres, ...) arrives this way.
 *
 * <p>The loader calls, in this order, collecting every problem of the file before it gives up:
 * <ol>
 * <li>{@link #parse} once, with the section's mapping (empty when the key is absent: every key takes its default).
 *     Read each key with the typed getters of {@link Section} and end with {@link Section#finish()}, which reports
 *     the keys nobody asked for.</li>
 * <li>after every section is read, for each section (a section runs after the sections it {@link #reads}):
 *     {@link #resolve} (settings that depend on the hosts or on other sections), then, for every host, the
 *     {@link #ports} it listens on (core reports two equal ports on one host), then {@link #check} (rules across
 *     sections that only report).</li>
 * </ol>
 * Problems are reported through {@link Section#problems()} / {@link Topology#problems()} at a {@link KeyPath}; the
 * loader turns them into {@code FILE:LINE:COL: key.path: message} lines.
 *
 * @param <T> the settings record the section yields, looked up with {@link Inventory#section(Class)}
 */
public interface InventorySection<T> {
    /** The top-level key, e.g. {@code etcd}. */
    String key();

    /** The settings type; unique among the installed sections. */
    Class<T> type();

    /** Reads the section. Bad values are reported and replaced by their default, so that parsing goes on. */
    T parse(Section section, LocalPaths paths);

    /** The host roles this section understands, in the order messages list them. */
    default List<Role> roles() {
        return List.of();
    }

    /** Roles at least one host must have once this section is installed (e.g. etcd needs an etcd host). */
    default List<Role> requiredRoles() {
        return List.of();
    }

    /** A reason when one host may not carry this combination of roles (reported at {@code hosts[i].roles}). */
    default Optional<String> refuseRoles(Set<Role> roles) {
        return Optional.empty();
    }

    /** The keys of the sections whose settings {@link #resolve} or {@link #check} read: those run first. */
    default Set<String> reads() {
        return Set.of();
    }

    /** The final settings, once hosts and the sections this one {@link #reads} are known. */
    default T resolve(T settings, Topology topology) {
        return settings;
    }

    /** The ports one host listens on because of this section (e.g. etcd's client and peer ports on etcd hosts). */
    default List<PortUse> ports(HostSpec host, T settings) {
        return List.of();
    }

    /** Rules across sections and hosts that only report problems. */
    default void check(T settings, Topology topology) {
    }
}
