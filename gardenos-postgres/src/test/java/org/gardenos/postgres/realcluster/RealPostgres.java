package org.gardenos.postgres.realcluster;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.gardenos.etcd.settings.EtcdSection;
import org.gardenos.inventory.InventoryLoader;
import org.gardenos.k3s.settings.K3sSection;
import org.gardenos.lb.settings.LoadBalancerSection;
import org.gardenos.postgres.api.KubeCalls;
import org.gardenos.postgres.api.PatroniApi;
import org.gardenos.postgres.patroni.ClusterHealth;
import org.gardenos.postgres.patroni.PatroniClusterView;
import org.gardenos.postgres.patroni.PatroniMember;
import org.gardenos.postgres.settings.PostgresSection;
import org.gardenos.postgres.settings.PostgresSettings;
import org.gardenos.testkit.kubernetes.KubernetesCluster;
import org.gardenos.nspawn.kubernetes.KubernetesNode;

/** The real-cluster test's inventory and its small reads of the live cluster. */
final class RealPostgres {
    static final InventoryLoader LOADER = InventoryLoader.withSections(List.of(new EtcdSection(), new K3sSection(),
            new LoadBalancerSection(), new PostgresSection()));
    static final int PRIMARY_PORT = 15432;
    static final int REPLICA_PORT = 15433;
    static final int TTL = 20;
    static final int LOOP_WAIT = 5;

    private RealPostgres() {
    }

    /**
     * The inventory: this machine (its address on the nodes' bridge) as the etcd and lb host, the test cluster's
     * nodes as K3s servers with the cluster's pod and Service networks, and the postgres section for the Patroni
     * image built here. {@code storageClass} empty leaves the class out (the cluster's default is asked for). The
     * nodes' own network is admitted too: kube-proxy source-NATs NodePort traffic that crosses nodes to the sending
     * node's address, which in this test cluster is on the hosts' bridge (K3s's flannel uses a pod-network address).
     */
    static String inventory(KubernetesCluster cluster, String bridgeAddress, Optional<String> storageClass) {
        java.util.Map<String, String> nodes = new java.util.LinkedHashMap<>();
        cluster.nodes().forEach(n -> nodes.put(n.name(), n.address()));
        return inventory(nodes, bridgeAddress, storageClass);
    }

    static String inventory(java.util.Map<String, String> nodes, String bridgeAddress, Optional<String> storageClass) {
        StringBuilder hosts = new StringBuilder("hosts:\n  - {name: admin, address: " + bridgeAddress
                + ", roles: [etcd, lb]}\n");
        nodes.forEach((name, address) -> hosts.append("  - {name: ").append(name).append(", address: ").append(address)
                .append(", roles: [server]}\n"));
        String nodeNetwork = bridgeAddress.substring(0, bridgeAddress.lastIndexOf('.')) + ".0/24";
        return """
                cluster: pgreal
                k3s:
                  clusterCidr: 10.214.0.0/16
                  serviceCidr: 10.215.0.0/16
                postgres:
                  flavor: patroni
                  image: IMAGE
                  volume: {size: 1Gi CLASS}
                  resources: {requests: {cpu: 100m, memory: 256Mi}}
                  allowedNetworks: [10.214.0.0/16, 10.215.0.0/16, NODES]
                  ports: {primary: PRIMARY, replica: REPLICA}
                  patroni: {ttl: TTL, loopWait: LOOP, retryTimeout: 5}
                  users: [{name: app}]
                  databases: [{name: appdb, owner: app}]
                """.replace("IMAGE", PatroniTestImage.REFERENCE)
                .replace(" CLASS", storageClass.map(c -> ", storageClass: " + c).orElse(""))
                .replace("NODES", nodeNetwork).replace("PRIMARY", Integer.toString(PRIMARY_PORT))
                .replace("REPLICA", Integer.toString(REPLICA_PORT)).replace("TTL", Integer.toString(TTL))
                .replace("LOOP", Integer.toString(LOOP_WAIT)) + hosts;
    }

    /** Patroni's view from any member that answers, empty when none does. */
    static Optional<PatroniClusterView> view(KubeCalls api, PostgresSettings pg) {
        return new PatroniApi(api, pg.namespace()).cluster(ClusterHealth.members(pg)).value();
    }

    static Optional<String> leader(KubeCalls api, PostgresSettings pg) {
        return view(api, pg).flatMap(v -> v.leaders().stream().findFirst()).map(PatroniMember::name);
    }

    static String password(Path stateRoot, PostgresSettings pg, String secret) throws java.io.IOException {
        return Files.readString(stateRoot.resolve("postgres/" + pg.namespace() + "/" + secret + ".password"),
                StandardCharsets.UTF_8).strip();
    }

    static void deletePod(ApiClient client, String namespace, String pod) throws ApiException {
        new CoreV1Api(client).deleteNamespacedPod(pod, namespace).execute();
    }

    static void deleteNamespace(ApiClient client, String namespace) {
        try {
            new CoreV1Api(client).deleteNamespace(namespace).execute();
        } catch (ApiException e) {
            if (e.getCode() != 404) {
                throw new IllegalStateException("cannot delete namespace " + namespace + ": " + e.getCode(), e);
            }
        }
    }
}
