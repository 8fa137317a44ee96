package org.gardenos.postgres.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.gardenos.inventory.Inventory;
import org.gardenos.k3s.KubeconfigFetcher;
import org.gardenos.k3s.api.KubernetesClients;
import org.gardenos.k3s.settings.K3sSettings;
import org.gardenos.postgres.api.KubeCalls;
import org.gardenos.postgres.api.PatroniApi;
import org.gardenos.postgres.cluster.StorageClassCheck;
import org.gardenos.postgres.patroni.ClusterHealth;
import org.gardenos.postgres.patroni.PatroniClusterView;
import org.gardenos.postgres.patroni.PatroniMember;
import org.gardenos.postgres.render.PatroniConfig;
import org.gardenos.postgres.settings.PostgresSettings;
import org.gardenos.state.StateDir;

/**
 * {@code gardenos doctor} for the postgres layer: looks in the live cluster for the journal's failures and names each
 * with its cause and fix. Claims Pending (and why: no default StorageClass, a missing class); Patroni configured for
 * etcd's v2 API (v2 variables in the StatefulSet, an {@code etcd:} section in patroni.yml, python-etcd's v2 errors in a
 * log); pg_hba refusing the pod network (in the rendered config or PostgreSQL's own refusal in a log); PGDATA
 * permissions; replicas that never leave bootstrapping. Reads only; everything read is untrusted and bounded.
 */
public final class PostgresDoctor {
    static final Set<String> ETCD_V2_VARIABLES = Set.of("ETCD_HOST", "ETCD_HOSTS", "ETCD_URL", "ETCD_PROXY",
            "ETCD_SRV", "ETCD_DISCOVERY_DOMAIN");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    private final Inventory inventory;
    private final Supplier<KubeCalls> calls;

    @Inject
    public PostgresDoctor(Inventory inventory, StateDir state, KubernetesClients clients) {
        this(inventory, KubeCalls.fromState(clients, state));
    }

    public PostgresDoctor(Inventory inventory, Supplier<KubeCalls> calls) {
        this.inventory = inventory;
        this.calls = calls;
    }

    /** The findings, in the order above; empty when none of the known failures shows. */
    public List<Finding> examine() {
        PostgresSettings pg = inventory.section(PostgresSettings.class);
        if (!pg.present()) {
            return List.of();
        }
        KubeCalls api = calls.get();
        String podNetwork = inventory.section(K3sSettings.class).clusterCidr();
        Set<Finding> found = new LinkedHashSet<>();
        storage(api, pg, found);
        configuration(api, pg, podNetwork, found);
        for (String pod : ClusterHealth.members(pg)) {
            KubeCalls.Reply log = api.get("/api/v1/namespaces/" + pg.namespace() + "/pods/" + pod
                    + "/log?tailLines=400");
            if (log.ok()) {
                found.addAll(LogSignatures.scan(pod, log.body(), pg, podNetwork));
            }
        }
        bootstrapping(api, pg, found);
        return List.copyOf(found);
    }

    private static void storage(KubeCalls api, PostgresSettings pg, Set<Finding> found) {
        KubeCalls.Reply classes = api.get(StorageClassCheck.PATH);
        String problem = classes.ok() ? StorageClassCheck.problem(pg.volume().storageClass(), classes.body()).orElse("")
                : "";
        List<String> pending = new ArrayList<>();
        for (JsonNode claim : items(api.get("/api/v1/namespaces/" + pg.namespace() + "/persistentvolumeclaims"))) {
            if ("Pending".equals(claim.path("status").path("phase").asText())) {
                pending.add(claim.path("metadata").path("name").asText("?").replaceAll("[^a-z0-9.-]", "?"));
            }
        }
        if (!problem.isEmpty() || !pending.isEmpty()) {
            String cause = (pending.isEmpty() ? "" : "claims " + String.join(", ", pending) + " Pending; ")
                    + (problem.isEmpty() ? "the claims wait for a volume the class cannot give (no free or matching"
                    + " PersistentVolume)" : problem.replaceFirst("; hint:.*", ""));
            String fix = problem.contains("hint: ") ? problem.substring(problem.indexOf("hint: ") + 6)
                    : "kubectl -n " + pg.namespace() + " describe pvc; give the class a provisioner or free volumes";
            found.add(new Finding("PVC Pending", cause, fix));
        }
    }

    private static void configuration(KubeCalls api, PostgresSettings pg, String podNetwork, Set<Finding> found) {
        KubeCalls.Reply sts = api.get("/apis/apps/v1/namespaces/" + pg.namespace() + "/statefulsets/" + pg.scope());
        if (sts.ok()) {
            try {
                for (JsonNode c : JSON.readTree(sts.body()).path("spec").path("template").path("spec").path("containers")) {
                    for (JsonNode env : c.path("env")) {
                        String name = env.path("name").asText();
                        if (ETCD_V2_VARIABLES.contains(name) || name.startsWith("PATRONI_ETCD_")) {
                            found.add(etcdV2("the StatefulSet sets " + name));
                        }
                    }
                }
            } catch (IOException e) {
                // an unreadable StatefulSet is for debug, not a known failure
            }
        }
        KubeCalls.Reply cm = api.get("/api/v1/namespaces/" + pg.namespace() + "/configmaps/" + pg.scope()
                + "-patroni-config");
        if (!cm.ok()) {
            return;
        }
        try {
            String yml = JSON.readTree(cm.body()).path("data").path(PatroniConfig.FILE).asText("");
            JsonNode config = YAML.readTree(yml.length() > 256 * 1024 ? "" : yml);
            if (config != null && config.has("etcd")) {
                found.add(etcdV2("patroni.yml has an etcd: section"));
            }
            if (config != null && config.path("postgresql").has("pg_hba")) {
                boolean admitted = false;
                for (JsonNode line : config.path("postgresql").path("pg_hba")) {
                    String l = line.asText().trim().replaceAll("\\s+", " ");
                    admitted |= l.startsWith("hostssl replication ") && l.contains(" " + podNetwork + " ")
                            || l.startsWith("host replication ") && l.contains(" " + podNetwork + " ");
                }
                if (!admitted) {
                    found.add(new Finding("pg_hba", "patroni.yml's pg_hba has no replication line for the pod network "
                            + podNetwork + " (replicas stay bootstrapping)", "admit it (hostssl replication standby "
                            + podNetwork + " scram-sha-256); gardenos apply postgres renders it"));
                }
            }
        } catch (IOException e) {
            found.add(new Finding("patroni.yml", "the ConfigMap's patroni.yml is not YAML", "gardenos apply postgres"));
        }
    }

    private static Finding etcdV2(String where) {
        return new Finding("etcd v2 API", where + ": Patroni would use etcd's v2 API, which etcd 3.4 disables and 3.6"
                + " removes", "configure the v3 API: ETCD3_HOSTS (Spilo) or an etcd3: section (patroni.yml), never"
                + " ETCD_HOST or etcd:; gardenos apply postgres renders it");
    }

    private static void bootstrapping(KubeCalls api, PostgresSettings pg, Set<Finding> found) {
        PatroniApi.Result<PatroniClusterView> view = new PatroniApi(api, pg.namespace()).cluster(ClusterHealth.members(pg));
        if (view.value().isEmpty()) {
            return;
        }
        for (PatroniMember m : view.value().get().members()) {
            if (!m.leader() && !m.replicating()) {
                found.add(new Finding("replica bootstrapping", m.name() + " is '" + m.state() + "', not replicating",
                        "look for pg_hba or etcd findings above; gardenos postgres debug collects its log"));
            }
        }
    }

    private static JsonNode items(KubeCalls.Reply reply) {
        if (!reply.ok()) {
            return JSON.createArrayNode();
        }
        try {
            return JSON.readTree(reply.body()).path("items");
        } catch (IOException e) {
            return JSON.createArrayNode();
        }
    }
}
