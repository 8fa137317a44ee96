package org.gardenos.postgres.realcluster;

import io.kubernetes.client.openapi.ApiClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.gardenos.engine.Poll;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.etcd.EtcdClientCredentialsFromPki;
import org.gardenos.etcd.pki.EtcdPki;
import org.gardenos.etcd.support.HardenedEtcd;
import org.gardenos.inventory.Inventory;
import org.gardenos.k3s.K3sTimeouts;
import org.gardenos.k3s.KubeconfigFetcher;
import org.gardenos.k3s.api.ApiClients;
import org.gardenos.k3s.settings.K3sSection;
import org.gardenos.pki.EtcdClientCredentials;
import org.gardenos.postgres.PostgresLayer;
import org.gardenos.postgres.api.KubeCalls;
import org.gardenos.postgres.patroni.ClusterHealth;
import org.gardenos.postgres.settings.PostgresSettings;
import org.gardenos.state.StateDir;
import org.gardenos.testkit.Prerequisites;
import org.gardenos.testkit.kubernetes.KubernetesCluster;

/**
 * What every class that runs the postgres layer on the testkit's real Kubernetes sets up first: a state directory
 * holding the cluster's kubeconfig, a real etcd (Debian's 3.4, TLS, the etcd layer's PKI, auth enabled with the etcd
 * layer's access policy, so Patroni logs in as user patroni) on this machine's address
 * on the nodes' bridge, the Patroni image built here and imported into every node, an API client, and the
 * inventory ({@link RealPostgres#inventory}, passed through {@code inventoryEdit}, e.g. to give a class its own
 * namespace and NodePorts so that it never meets another class's terminating namespace). {@link #close()} stops the
 * bridge processes and deletes the layer's namespace.
 */
final class RealClusterFixture implements AutoCloseable {
    private final KubernetesCluster cluster;
    private final UnaryOperator<String> inventoryEdit;
    private final EtcdClientCredentials etcd = new EtcdClientCredentialsFromPki();
    private final long startedMillis = System.currentTimeMillis();
    private Path dir;
    private StateDir state;
    private String bridge;
    private BridgeProcesses processes;
    private ApiClient client;
    private KubeCalls api;
    private Inventory inventory;
    private PostgresSettings pg;

    private RealClusterFixture(KubernetesCluster cluster, UnaryOperator<String> inventoryEdit) {
        this.cluster = cluster;
        this.inventoryEdit = inventoryEdit;
    }

    /** Checks the prerequisites (skip, or fail under CI), then starts etcd and loads the image into the nodes. */
    static RealClusterFixture start(KubernetesCluster cluster, String tempPrefix, UnaryOperator<String> inventoryEdit)
            throws Exception {
        Prerequisites.require(PatroniTestImage.missing().isEmpty(), "building the Patroni image needs "
                + PatroniTestImage.missing());
        Prerequisites.requireCommands("psql", "haproxy", "etcd");
        RealClusterFixture f = new RealClusterFixture(cluster, inventoryEdit);
        f.dir = Files.createTempDirectory(tempPrefix);
        f.state = StateDir.open(f.dir.resolve("state"));
        f.state.writeSecret(KubeconfigFetcher.STATE_FILE, Files.readAllBytes(cluster.kubeconfig()));
        f.bridge = cluster.server().getHost();
        f.inventory = f.load(Optional.of(cluster.storageClass()));
        f.pg = f.inventory.section(PostgresSettings.class);
        f.processes = new BridgeProcesses(f.dir);
        EtcdPki pki = EtcdPki.ensure(f.state, List.of(new EtcdPki.Member("admin", f.bridge)));
        f.processes.startEtcd(f.bridge, pki, "admin");
        // hardened as apply etcd hardens it (its EtcdAccessClient): users and roles, patroni's password kept in the
        // state dir, auth enable; Patroni must log in by password through the gateway, as on the etcd layer's hosts
        HardenedEtcd.harden(List.of(URI.create("https://" + f.bridge + ":" + BridgeProcesses.ETCD_CLIENT_PORT)), pki);
        long t0 = System.nanoTime();
        cluster.load(PatroniTestImage.ensure());
        System.out.printf("Patroni image built or found and imported into 3 nodes in %d s%n",
                Duration.ofNanos(System.nanoTime() - t0).toSeconds());
        f.client = ApiClients.fromKubeconfig(cluster.kubeconfig());
        f.api = new KubeCalls(f.client);
        return f;
    }

    /** The inventory with or without a StorageClass (empty: the cluster's default is asked for). */
    Inventory load(Optional<String> storageClass) {
        return RealPostgres.LOADER.parse(inventoryEdit.apply(RealPostgres.inventory(cluster, bridge, storageClass)),
                dir.resolve("gardenos.yaml")).inventory();
    }

    /** The layer's play's resources: the cluster, then the application users and databases. */
    List<Resource> resources(Inventory inv) {
        PostgresLayer layer = new PostgresLayer(new K3sTimeouts(Duration.ofMinutes(8), Duration.ofSeconds(2)), etcd,
                t -> api);
        return layer.plays(inv).get(0).resources().apply(inv.hostsWith(K3sSection.SERVER).get(0));
    }

    Target target(Inventory inv) {
        return new Target(inv.hostsWith(K3sSection.SERVER).get(0), null, inv, state);
    }

    /** Waits until Patroni reports exactly one leader and every replica streaming; fails naming what it saw. */
    void awaitHealthy(Duration timeout) {
        Poll.until("Patroni healthy", timeout, Duration.ofSeconds(2),
                () -> RealPostgres.view(api, pg).map(v -> ClusterHealth.problems(pg, v)).orElse(List.of("no answer")),
                List::isEmpty, p -> new IllegalStateException("Patroni: " + p));
    }

    KubernetesCluster cluster() {
        return cluster;
    }

    Path dir() {
        return dir;
    }

    StateDir state() {
        return state;
    }

    String bridge() {
        return bridge;
    }

    BridgeProcesses processes() {
        return processes;
    }

    ApiClient client() {
        return client;
    }

    KubeCalls api() {
        return api;
    }

    EtcdClientCredentials etcd() {
        return etcd;
    }

    Inventory inventory() {
        return inventory;
    }

    PostgresSettings pg() {
        return pg;
    }

    long startedMillis() {
        return startedMillis;
    }

    @Override
    public void close() {
        if (processes != null) {
            processes.close();
        }
        if (client != null) {
            RealPostgres.deleteNamespace(client, pg.namespace());
        }
    }
}
