package org.gardenos.testsupport;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.gardenos.engine.Layer;
import org.gardenos.engine.Play;
import org.gardenos.inventory.Inventory;
import org.gardenos.inventory.InventoryExtension;
import org.gardenos.inventory.InventorySection;
import org.gardenos.inventory.LocalPaths;
import org.gardenos.inventory.Role;
import org.gardenos.inventory.Section;
import org.gardenos.pki.CertificateAuthority;
import org.gardenos.pki.EtcdClientCredentials;
import org.gardenos.state.StateDir;

/**
 * Stand-in for the etcd module in the k3s module's tests (k3s does not depend on gardenos-etcd): an {@code etcd:}
 * section that knows only {@code tls} and {@code clientPort}, the {@code etcd} role, and {@link EtcdClientCredentials}
 * from a CA made with core's {@link CertificateAuthority}. The real implementation is tested in gardenos-etcd.
 */
public final class StandInEtcd implements InventorySection<StandInEtcd.Settings> {
    public static final Role ROLE = Role.of("etcd");

    public record Settings(boolean tls, int clientPort) {
    }

    @Override
    public String key() {
        return "etcd";
    }

    @Override
    public Class<Settings> type() {
        return Settings.class;
    }

    @Override
    public List<Role> roles() {
        return List.of(ROLE);
    }

    @Override
    public Settings parse(Section etcd, LocalPaths paths) {
        boolean tls = etcd.bool("tls", true);
        int port = etcd.port("clientPort", 2379);
        // the real section's other keys are accepted and ignored
        for (String key : List.of("version", "peerPort", "dataDir", "sha256", "artifact", "downloadBaseUrl")) {
            etcd.node(key);
        }
        etcd.finish();
        return new Settings(tls, port);
    }

    /** The stand-in credentials: endpoints of the etcd hosts, a client certificate from a test CA. */
    public static final class Credentials implements EtcdClientCredentials {
        @Override
        public List<String> endpoints(Inventory inventory) {
            Settings s = settings(inventory);
            return inventory.hostsWith(ROLE).stream()
                    .map(h -> (s.tls() ? "https" : "http") + "://" + h.address() + ":" + s.clientPort()).toList();
        }

        @Override
        public boolean tls(Inventory inventory) {
            return settings(inventory).tls();
        }

        @Override
        public ClientFiles client(StateDir state, Inventory inventory, String client) {
            String root = "etcd/pki";
            CertificateAuthority ca = CertificateAuthority.ensure(state, root, "stand-in-etcd-ca", Duration.ofDays(1),
                    new ArrayList<>());
            String base = root + "/clients/" + client;
            if (ca.current(base).isEmpty()) {
                ca.issue(base, client, "stand-in-etcd-clients", Set.of(), false, Duration.ofDays(1));
            }
            return new ClientFiles(state.resolve(root + "/ca.crt"), state.resolve(base + ".crt"), state.resolve(base + ".key"));
        }

        private static Settings settings(Inventory inventory) {
            return inventory.findSection(Settings.class).orElse(new Settings(true, 2379));
        }
    }

    /** Stands in for the etcd layer that k3s depends on by name: it has no plays (the k3s tests never run etcd). */
    public static final class NoEtcdLayer implements Layer {
        @Override
        public String name() {
            return "etcd";
        }

        @Override
        public Set<String> dependsOn() {
            return Set.of("base");
        }

        @Override
        public List<Play> plays(Inventory inventory) {
            return List.of();
        }
    }

    /** Installs the stand-in section and layer and binds the stand-in credentials. */
    public static final class Module extends AbstractModule implements InventoryExtension {
        @Override
        public List<InventorySection<?>> inventorySections() {
            return List.of(new StandInEtcd());
        }

        @Override
        protected void configure() {
            bind(EtcdClientCredentials.class).toInstance(new Credentials());
            Multibinder.newSetBinder(binder(), Layer.class).addBinding().toInstance(new NoEtcdLayer());
        }
    }
}
