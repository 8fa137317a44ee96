package org.gardenos.postgres.realcluster;

import java.util.List;
import org.gardenos.engine.Target;
import org.gardenos.logging.SecretRedactor;
import org.gardenos.pki.EtcdClientCredentials;
import org.gardenos.postgres.api.KubeCalls;
import org.gardenos.postgres.cluster.DesiredObject;
import org.gardenos.postgres.cluster.PostgresObjects;

/**
 * The journal's hand-made mistakes, made for real on the test cluster: the layer's own objects for a second, small
 * cluster with its patroni.yml edited the way the journal's scripts had it (the pod network missing from pg_hba's
 * replication line; Patroni's v2 {@code etcd:} section instead of {@code etcd3:}), applied as they are.
 */
final class JournalFailures {
    private JournalFailures() {
    }

    /** The second cluster's inventory: its own namespace, scope, two members and NodePorts. */
    static String inventory(String base) {
        return base.replace("postgres:\n", "postgres:\n  namespace: pgreal-broken\n  scope: broken\n  replicas: 2\n"
                + "  nodePorts: {primary: 31432, primaryApi: 31808, replica: 31433, replicaApi: 31809}\n")
                .replace("ports: {primary: 15432, replica: 15433}", "ports: {primary: 15442, replica: 15443}");
    }

    /** Applies the layer's objects with {@code edit} applied to the ConfigMap's body; returns the applied count. */
    static int apply(Target target, KubeCalls api, EtcdClientCredentials etcd, java.util.function.UnaryOperator<String> edit) {
        List<DesiredObject> objects = new PostgresObjects(etcd, new SecretRedactor()).desired(target, api);
        for (DesiredObject d : objects) {
            String body = d.describe().startsWith("ConfigMap ") ? edit.apply(d.body()) : d.body();
            KubeCalls.Reply r = api.apply(d.path(), body);
            if (!r.ok()) {
                throw new IllegalStateException("apply " + d.describe() + ": HTTP " + r.code() + " " + r.body());
            }
        }
        return objects.size();
    }

    /** The journal's pg_hba: replication admitted from loopback only, not from the pod network. */
    static String withoutPodNetworkForReplication(String configMapBody, String podNetwork) {
        String edited = configMapBody.replace("replication standby " + podNetwork, "replication standby 127.0.0.1/32");
        if (edited.equals(configMapBody)) {
            throw new IllegalStateException("no replication line for " + podNetwork + " in the ConfigMap");
        }
        return edited;
    }

    /** Patroni's etcd v2 section (the journal's ETCD_HOST) in place of etcd3. */
    static String withEtcdV2(String configMapBody) {
        String edited = configMapBody.replace("etcd3:", "etcd:");
        if (edited.equals(configMapBody)) {
            throw new IllegalStateException("no etcd3 section in the ConfigMap");
        }
        return edited;
    }
}
