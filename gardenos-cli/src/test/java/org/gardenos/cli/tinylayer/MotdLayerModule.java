package org.gardenos.cli.tinylayer;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gardenos.engine.Layer;
import org.gardenos.engine.Play;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.InvalidValueException;
import org.gardenos.inventory.Inventory;
import org.gardenos.inventory.InventoryExtension;
import org.gardenos.inventory.InventorySection;
import org.gardenos.inventory.LocalPaths;
import org.gardenos.inventory.Problems;
import org.gardenos.inventory.Role;
import org.gardenos.inventory.Section;
import org.gardenos.remote.RemoteHost;
import org.gardenos.remote.RemoteHostConnector;
import org.gardenos.resources.RemoteFile;
import org.gardenos.status.Health;
import org.gardenos.status.LayerStatus;
import org.gardenos.status.StatusItem;
import org.gardenos.status.StatusReport;

/**
 * A whole layer declared in test code, the way docs/architecture.md "Adding a layer" says, without touching
 * gardenos-core: a {@code motd:} section with one key, a {@code motd} role, a layer that writes /etc/motd on the hosts
 * with that role, and a status that reads it back.
 */
public final class MotdLayerModule extends AbstractModule implements InventoryExtension {
    public static final Role ROLE = Role.of("motd");

    /** {@code motd:} section. */
    public record MotdSettings(String text) {
        public static MotdSettings defaults() {
            return new MotdSettings("managed by GardenOS");
        }
    }

    public static final class MotdSection implements InventorySection<MotdSettings> {
        @Override
        public String key() {
            return "motd";
        }

        @Override
        public Class<MotdSettings> type() {
            return MotdSettings.class;
        }

        @Override
        public List<Role> roles() {
            return List.of(ROLE);
        }

        @Override
        public List<Role> requiredRoles() {
            return List.of(ROLE);
        }

        @Override
        public MotdSettings parse(Section motd, LocalPaths paths) {
            String text = motd.string("text", MotdSettings.defaults().text(), MotdSection::oneLine);
            motd.finish();
            return new MotdSettings(text);
        }

        private static String oneLine(String text) throws InvalidValueException {
            if (text.isBlank() || text.contains("\n") || text.length() > 200) {
                throw new InvalidValueException(Problems.quote(text) + " is not one line of 1-200 characters");
            }
            return text;
        }
    }

    public static final class MotdLayer implements Layer {
        static final String PATH = "/etc/motd";

        @Inject
        public MotdLayer() {
        }

        @Override
        public String name() {
            return "motd";
        }

        @Override
        public Set<String> dependsOn() {
            return Set.of("base");
        }

        @Override
        public List<Play> plays(Inventory inventory) {
            byte[] content = (inventory.section(MotdSettings.class).text() + "\n").getBytes(StandardCharsets.UTF_8);
            List<HostSpec> hosts = inventory.hostsWith(ROLE);
            return hosts.isEmpty() ? List.of() : List.of(new Play("motd-file", hosts,
                    h -> List.of(new RemoteFile(PATH, content, 0644, "root:root")), Play.Strategy.PARALLEL));
        }
    }

    public static final class MotdStatus implements LayerStatus {
        private final Inventory inventory;
        private final RemoteHostConnector connector;

        @Inject
        public MotdStatus(Inventory inventory, RemoteHostConnector connector) {
            this.inventory = inventory;
            this.connector = connector;
        }

        @Override
        public String layer() {
            return "motd";
        }

        @Override
        public StatusReport probe() {
            String wanted = inventory.section(MotdSettings.class).text() + "\n";
            List<StatusItem> items = new ArrayList<>();
            for (HostSpec host : inventory.hostsWith(ROLE)) {
                RemoteHost remote = connector.connect(host);
                Optional<String> text = remote.read(MotdLayer.PATH).map(b -> new String(b, StandardCharsets.UTF_8));
                boolean ok = text.filter(wanted::equals).isPresent();
                items.add(new StatusItem(host.name(), ok ? Health.HEALTHY : Health.DEGRADED,
                        Map.of("motd", text.isEmpty() ? "missing" : ok ? "as wanted" : "differs")));
            }
            long ok = items.stream().filter(i -> i.health() == Health.HEALTHY).count();
            return new StatusReport(layer(), ok == items.size() ? Health.HEALTHY : Health.DEGRADED,
                    ok + "/" + items.size() + " hosts show the wanted motd", items);
        }
    }

    @Override
    public List<InventorySection<?>> inventorySections() {
        return List.of(new MotdSection());
    }

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), Layer.class).addBinding().to(MotdLayer.class);
        Multibinder.newSetBinder(binder(), LayerStatus.class).addBinding().to(MotdStatus.class);
    }
}
