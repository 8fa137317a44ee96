package org.gardenos.postgres;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.gardenos.error.InputException;
import org.gardenos.inventory.InventoryLoader;
import org.gardenos.inventory.LoadedInventory;
import org.gardenos.k3s.settings.K3sSection;
import org.gardenos.lb.settings.LoadBalancerSection;
import org.gardenos.postgres.model.ClusterContext;
import org.gardenos.postgres.model.PatroniCluster;
import org.gardenos.postgres.model.PatroniClusterFactory;
import org.gardenos.postgres.model.SecretValues;
import org.gardenos.postgres.settings.LoadedPostgresSettings;
import org.gardenos.postgres.settings.PostgresSection;
import org.gardenos.postgres.settings.PostgresSettings;

/** Settings, cluster context and secret values for the postgres layer's pure tests. */
public final class PostgresFixtures {
    public static final Path FILE = Path.of("gardenos.yaml");
    /** After the postgres section, so that its line numbers start at 3 ({@code cluster}, {@code postgres}). */
    public static final String HOSTS = """
            hosts:
              - {name: node-1, address: 203.0.113.11, roles: [server, lb]}
              - {name: node-2, address: 203.0.113.12, roles: [server]}
              - {name: node-3, address: 203.0.113.13, roles: [server]}
            """;
    /** The real sections the postgres section reads, and the postgres section itself, in the CLI's order. */
    public static final InventoryLoader LOADER = InventoryLoader.withSections(List.of(new K3sSection(),
            new LoadBalancerSection(), new PostgresSection()));
    public static final ClusterContext CONTEXT = new ClusterContext(
            List.of("203.0.113.11:2379", "203.0.113.12:2379", "203.0.113.13:2379"), true,
            java.util.Optional.of("patroni"), "172.21.0.0/16",
            List.of(new ClusterContext.Node("node-1", "203.0.113.11"), new ClusterContext.Node("node-2", "203.0.113.12"),
                    new ClusterContext.Node("node-3", "203.0.113.13")));

    private PostgresFixtures() {
    }

    /** An inventory whose postgres section is {@code section} (indented by the caller, or empty). */
    public static String inventory(String section) {
        return "cluster: garden\n" + (section.isEmpty() ? "" : "postgres:\n" + section) + HOSTS;
    }

    /** The whole inventory through the real loader; warnings about other sections (the SSH key) are left out. */
    public static LoadedPostgresSettings load(String section) {
        LoadedInventory loaded = LOADER.parse(inventory(section), FILE);
        return new LoadedPostgresSettings(loaded.inventory().section(PostgresSettings.class),
                loaded.warnings().stream().filter(w -> w.contains(": postgres.")).toList());
    }

    public static PostgresSettings settings(String section) {
        return load(section).settings();
    }

    public static List<String> errors(String section) {
        return catchThrowableOfType(InputException.class, () -> load(section)).lines();
    }

    public static PatroniCluster cluster(String section) {
        return PatroniClusterFactory.build(settings(section), CONTEXT);
    }

    /** Recognisable fake secrets: a leak of any of them into a non-Secret object is found by a plain search. */
    public static class FakeSecrets implements SecretValues {
        public static final String ETCD_KEY = "-----BEGIN PRIVATE KEY-----\nETCD-CLIENT-KEY-SECRET\n-----END PRIVATE KEY-----\n";
        public static final String ETCD_PASSWORD = "EtcdPw7patroniLoginQ2Secret";
        public static final String SERVER_KEY = "-----BEGIN PRIVATE KEY-----\nSERVER-KEY-SECRET\n-----END PRIVATE KEY-----\n";

        @Override
        public String password(String secretName) {
            return "Pw4" + secretName.replace("-", "") + "Zq8xT0pSecret";
        }

        @Override
        public Pem etcdClient() {
            return new Pem("-----BEGIN CERTIFICATE-----\nETCD-CA\n-----END CERTIFICATE-----\n",
                    "-----BEGIN CERTIFICATE-----\nPATRONI-CLIENT\n-----END CERTIFICATE-----\n", ETCD_KEY);
        }

        @Override
        public String etcdPassword() {
            return ETCD_PASSWORD;
        }

        @Override
        public Pem serverCertificate() {
            return new Pem("", "-----BEGIN CERTIFICATE-----\nSERVER\n-----END CERTIFICATE-----\n", SERVER_KEY);
        }

        /** Every secret value this store hands out for the cluster. */
        public List<String> all(PatroniCluster c) {
            List<String> values = new java.util.ArrayList<>(c.credentials().stream()
                    .map(cred -> password(cred.password().secret())).toList());
            values.add("ETCD-CLIENT-KEY-SECRET");
            values.add(ETCD_PASSWORD);
            values.add("SERVER-KEY-SECRET");
            return values;
        }
    }
}
