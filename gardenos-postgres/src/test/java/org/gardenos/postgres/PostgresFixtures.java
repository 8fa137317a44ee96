package org.gardenos.postgres;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.gardenos.error.InputException;
import org.gardenos.inventory.K3sSettings;
import org.gardenos.inventory.LoadBalancerSettings;
import org.gardenos.inventory.PostgresInventory;
import org.gardenos.postgres.model.ClusterContext;
import org.gardenos.postgres.model.PatroniCluster;
import org.gardenos.postgres.model.PatroniClusterFactory;
import org.gardenos.postgres.model.SecretValues;
import org.gardenos.postgres.settings.LoadedPostgresSettings;
import org.gardenos.postgres.settings.PostgresSettings;

/** Settings, cluster context and secret values for the postgres layer's pure tests. */
public final class PostgresFixtures {
    public static final Path FILE = Path.of("gardenos.yaml");
    public static final K3sSettings K3S = new K3sSettings("v1.31.4+k3s1", "172.21.0.0/16", "10.43.0.0/16",
            "10.43.0.10", true, List.of("traefik"), 6443, Optional.empty(), Optional.empty(),
            "https://github.com/k3s-io/k3s/releases/download");
    public static final LoadBalancerSettings LB = new LoadBalancerSettings(6443, 8404);
    public static final ClusterContext CONTEXT = new ClusterContext(
            List.of("203.0.113.11:2379", "203.0.113.12:2379", "203.0.113.13:2379"), true, "172.21.0.0/16",
            List.of(new ClusterContext.Node("node-1", "203.0.113.11"), new ClusterContext.Node("node-2", "203.0.113.12"),
                    new ClusterContext.Node("node-3", "203.0.113.13")));

    private PostgresFixtures() {
    }

    /** An inventory whose postgres section is {@code section} (indented by the caller, or empty). */
    public static String inventory(String section) {
        return "cluster: garden\n" + (section.isEmpty() ? "" : "postgres:\n" + section);
    }

    public static LoadedPostgresSettings load(String section) {
        return PostgresInventory.read(inventory(section), FILE, K3S, LB);
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
    public static final class FakeSecrets implements SecretValues {
        public static final String ETCD_KEY = "-----BEGIN PRIVATE KEY-----\nETCD-CLIENT-KEY-SECRET\n-----END PRIVATE KEY-----\n";
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
        public Pem serverCertificate() {
            return new Pem("", "-----BEGIN CERTIFICATE-----\nSERVER\n-----END CERTIFICATE-----\n", SERVER_KEY);
        }

        /** Every secret value this store hands out for the cluster. */
        public List<String> all(PatroniCluster c) {
            List<String> values = new java.util.ArrayList<>(c.credentials().stream()
                    .map(cred -> password(cred.password().secret())).toList());
            values.add("ETCD-CLIENT-KEY-SECRET");
            values.add("SERVER-KEY-SECRET");
            return values;
        }
    }
}
