package org.gardenos.inventory;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What rules across sections see: the valid hosts, the ssh settings and every section's settings (resolved ones once
 * their section has run), and where to report.
 */
public final class Topology {
    private final Problems problems;
    private final List<PlacedHost> hosts;
    private final boolean allHostsRead;
    private final SshSettings ssh;
    private final Map<Class<?>, Object> settings;
    private final Set<Set<KeyPath>> judgedPortPairs = new HashSet<>();

    Topology(Problems problems, List<PlacedHost> hosts, boolean allHostsRead, SshSettings ssh,
             Map<Class<?>, Object> settings) {
        this.problems = problems;
        this.hosts = List.copyOf(hosts);
        this.allHostsRead = allHostsRead;
        this.ssh = ssh;
        this.settings = settings;
    }

    public Problems problems() {
        return problems;
    }

    /** The host entries that were read without error, in file order. */
    public List<PlacedHost> hosts() {
        return hosts;
    }

    public List<PlacedHost> hostsWith(Role role) {
        return hosts.stream().filter(h -> h.spec().has(role)).toList();
    }

    /** False when some host entry had errors: rules that count hosts then stay silent, their answer would be wrong. */
    public boolean allHostsRead() {
        return allHostsRead;
    }

    public SshSettings ssh() {
        return ssh;
    }

    /** Another section's settings; empty when its module is not installed. */
    public <T> Optional<T> settings(Class<T> type) {
        return Optional.ofNullable(settings.get(type)).map(type::cast);
    }

    /** Two keys whose equal ports a section reports itself (with a better message): the port rule skips the pair. */
    public void portPairJudged(KeyPath a, KeyPath b) {
        if (!a.equals(b)) {
            judgedPortPairs.add(Set.of(a, b));
        }
    }

    void update(Class<?> type, Object resolved) {
        settings.put(type, resolved);
    }

    boolean isJudged(KeyPath a, KeyPath b) {
        return a != null && b != null && !a.equals(b) && judgedPortPairs.contains(Set.of(a, b));
    }
}
