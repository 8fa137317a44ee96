package org.gardenos.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.gardenos.error.InputException;
import org.junit.jupiter.api.Test;

/**
 * The section SPI with two sections declared here (core knows no layer): what the loader asks of a section and in
 * which order, and what it reports on its behalf.
 */
class InventorySectionSpiTest {
    /** {@code queue:} with one port, the role {@code queue} (required), and a rule reading {@code cache:}. */
    record QueueSettings(int port, int effectivePort) {
    }

    record CacheSettings(int port) {
    }

    static final Role QUEUE = Role.of("queue");
    static final Role CACHE = Role.of("cache");
    static final List<String> CALLS = new ArrayList<>();

    static final class QueueSection implements InventorySection<QueueSettings> {
        @Override
        public String key() {
            return "queue";
        }

        @Override
        public Class<QueueSettings> type() {
            return QueueSettings.class;
        }

        @Override
        public List<Role> roles() {
            return List.of(QUEUE);
        }

        @Override
        public List<Role> requiredRoles() {
            return List.of(QUEUE);
        }

        @Override
        public Optional<String> refuseRoles(Set<Role> roles) {
            return roles.containsAll(Set.of(QUEUE, CACHE)) ? Optional.of("queue and cache do not share a host") : Optional.empty();
        }

        @Override
        public Set<String> reads() {
            return Set.of("cache");
        }

        @Override
        public QueueSettings parse(Section s, LocalPaths paths) {
            CALLS.add("parse queue");
            int port = s.port("port", 5672);
            s.finish();
            return new QueueSettings(port, port);
        }

        @Override
        public QueueSettings resolve(QueueSettings q, Topology topology) {
            CALLS.add("resolve queue");
            int cache = topology.settings(CacheSettings.class).orElseThrow().port();
            return new QueueSettings(q.port(), q.port() == cache ? q.port() + 1 : q.port());
        }

        @Override
        public List<PortUse> ports(HostSpec host, QueueSettings q) {
            return host.has(QUEUE) ? List.of(PortUse.of(q.effectivePort(), KeyPath.ROOT.key("queue").key("port"))) : List.of();
        }

        @Override
        public void check(QueueSettings q, Topology topology) {
            CALLS.add("check queue");
        }
    }

    static final class CacheSection implements InventorySection<CacheSettings> {
        @Override
        public String key() {
            return "cache";
        }

        @Override
        public Class<CacheSettings> type() {
            return CacheSettings.class;
        }

        @Override
        public List<Role> roles() {
            return List.of(CACHE);
        }

        @Override
        public CacheSettings parse(Section s, LocalPaths paths) {
            CALLS.add("parse cache");
            int port = s.port("port", 6379);
            s.finish();
            return new CacheSettings(port);
        }

        @Override
        public CacheSettings resolve(CacheSettings c, Topology topology) {
            CALLS.add("resolve cache");
            return c;
        }
    }

    private static final InventoryLoader LOADER = InventoryLoader.withSections(List.of(new QueueSection(), new CacheSection()));

    private static List<String> errors(String yaml) {
        InputException e = catchThrowableOfType(InputException.class, () -> LOADER.parse(yaml, Path.of("g.yaml")));
        assertThat(e).isNotNull();
        return e.lines();
    }

    private static final String HOSTS = "cluster: c\nssh: {privateKey: /nonexistent/key}\nhosts:\n  - {name: a, address: 203.0.113.1, roles: [cache, queue]}\n";

    @Test
    void sectionsAreParsedInOrderAndRulesRunAfterTheSectionsTheyRead() {
        CALLS.clear();
        Inventory inventory = LOADER.parse("cluster: c\nssh: {privateKey: /nonexistent/key}\nhosts:\n"
                + "  - {name: a, address: 203.0.113.1, roles: [cache]}\n  - {name: b, address: 203.0.113.2, roles: [queue]}\n"
                + "queue: {port: 6379}\n", Path.of("g.yaml")).inventory();
        assertThat(CALLS).containsExactly("parse queue", "parse cache", "resolve cache", "resolve queue", "check queue");
        assertThat(inventory.section(QueueSettings.class)).isEqualTo(new QueueSettings(6379, 6380));
        assertThat(inventory.section(CacheSettings.class)).isEqualTo(new CacheSettings(6379));
        assertThat(inventory.host("b").orElseThrow().roles()).containsExactly(QUEUE);
    }

    @Test
    void unknownKeysAndRolesNameWhatTheInstalledSectionsKnow() {
        assertThat(errors(HOSTS.replace("[cache, queue]", "[queu]") + "caches: {}\n")).containsExactly(
                "g.yaml:4:45: hosts[0].roles[0]: unknown role 'queu' (did you mean 'queue'? roles are queue, cache)",
                "g.yaml:5:1: caches: unknown key 'caches' (did you mean 'cache'?)");
        assertThat(errors(HOSTS + "zzzzzzzzzz: 1\n")).anySatisfy(l -> assertThat(l)
                .endsWith("(allowed here: cluster, ssh, hosts, queue, cache)"));
    }

    @Test
    void roleCombinationsRequiredRolesAndPortsAreReportedWithTheirPlaceInTheFile() {
        assertThat(errors(HOSTS)).containsExactly(
                "g.yaml:4:44: hosts[0].roles: queue and cache do not share a host");
        assertThat(errors(HOSTS.replace("[cache, queue]", "[cache]"))).containsExactly(
                "g.yaml:4:3: hosts: no host has the role 'queue' (at least one queue host is needed)");
        assertThat(errors(HOSTS.replace("[cache, queue]", "[queue]") + "queue: {port: 22}\n")).containsExactly(
                "g.yaml:5:15: queue.port: port 22 is also ssh.port on a; the ports a host listens on must differ");
    }

    @Test
    void typedLookupAndBuilder() {
        Inventory built = Inventory.builder().host("a", "203.0.113.1", QUEUE).section(new QueueSettings(1, 1)).build();
        assertThat(built.section(QueueSettings.class).port()).isEqualTo(1);
        assertThat(built.findSection(CacheSettings.class)).isEmpty();
        assertThatThrownBy(() -> built.section(CacheSettings.class)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the inventory has no CacheSettings");
        assertThat(built.withSection(new CacheSettings(2)).section(CacheSettings.class).port()).isEqualTo(2);
    }

    @Test
    void twoSectionsMayNotShareAKeyATypeOrARole() {
        assertThatThrownBy(() -> InventoryLoader.withSections(List.of(new CacheSection(), new CacheSection())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'cache'");
    }
}
