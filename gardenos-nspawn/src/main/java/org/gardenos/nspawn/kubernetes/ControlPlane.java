package org.gardenos.nspawn.kubernetes;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's control plane on this machine: its own one-member etcd with client-certificate TLS on
 * {@value #ETCD_ADDRESS} (Debian's etcd; one cluster per machine, so the address is fixed; all of 127/8 is local),
 * kube-apiserver (client certificates, {@code Node,RBAC}, the default admission plugins
 * plus NodeRestriction, service-account keys, no insecure port), kube-controller-manager and kube-scheduler, all
 * real processes of the binaries built from Debian's source. The API server listens on {@code bindAddress}: loopback
 * for a cluster without nodes, the nspawn bridge address when nodes must reach it.
 */
final class ControlPlane implements AutoCloseable {
    static final int PORT = 6443;
    /** Outside the testkit etcd clusters' 127.0.100-199.x blocks. */
    static final String ETCD_ADDRESS = "127.0.214.1";
    private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);

    private final KubernetesBinaries binaries;
    private final ClusterRecord record;
    private final Path workDir;
    private final ClusterPki pki;
    private final String bindAddress;
    private final ClusterNetwork network;
    private final List<Daemon> daemons = new ArrayList<>();
    private ClusterPki.Pair admin;
    private String etcdServers;
    private final String clusterName;

    ControlPlane(KubernetesBinaries binaries, ClusterRecord record, Path workDir, String bindAddress,
                 ClusterNetwork network, String clusterName) {
        this.binaries = binaries;
        this.record = record;
        this.workDir = workDir;
        this.pki = ClusterPki.create(workDir);
        this.bindAddress = bindAddress;
        this.network = network;
        this.clusterName = clusterName;
    }

    URI server() {
        return URI.create("https://" + bindAddress + ":" + PORT);
    }

    ClusterPki pki() {
        return pki;
    }

    ClusterPki.Pair adminCertificate() {
        return admin;
    }

    /** Starts etcd, the API server (waits for {@code /readyz}), then the controller manager and scheduler. */
    ApiServerClient start(Duration timeout) {
        long t0 = System.nanoTime();
        startEtcd();
        admin = pki.client("admin", "system:admin", "system:masters");
        startApiServer();
        ApiServerClient api = new ApiServerClient(server(), pki.caCert(), admin);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (api.status("/readyz") != 200) {
            daemons.forEach(Daemon::requireAlive);
            if (System.nanoTime() > deadline) {
                throw new KubernetesException("kube-apiserver not ready after " + timeout + "; log tail:\n"
                        + daemons.get(daemons.size() - 1).logTail(15));
            }
            sleep(200);
        }
        LOG.info("kube-apiserver ready on {} in {} ms", server(), (System.nanoTime() - t0) / 1_000_000);
        startControllerManager();
        startScheduler();
        return api;
    }

    /** Fails with the log tail of any control-plane process that has exited. */
    void requireAlive() {
        daemons.forEach(Daemon::requireAlive);
    }

    /** A kubeconfig for {@code user} (group {@code group}) written to the work directory, mode 0600. */
    Path kubeconfig(String fileName, String user, String group) {
        ClusterPki.Pair cert = pki.client(fileName, user, group);
        return Kubeconfigs.write(workDir.resolve(fileName + ".kubeconfig"),
                Kubeconfigs.render(server(), pki.caCert(), cert, user, clusterName));
    }

    /** etcd as one more process of the record: TLS with client certificates for clients and its (lone) peer. */
    private void startEtcd() {
        ClusterPki.Pair member = pki.etcd("etcd", "etcd", List.of("127.0.0.1", ETCD_ADDRESS));
        Path data = workDir.resolve("etcd.data");
        String client = "https://" + ETCD_ADDRESS + ":2379";
        String peer = "https://" + ETCD_ADDRESS + ":2380";
        List<String> command = new ArrayList<>(List.of(org.gardenos.nspawn.LocalMachine.locate("etcd")
                .orElseThrow(() -> new KubernetesException("etcd not found (Debian package etcd-server)")).toString(), "--name", "etcd",
                "--data-dir", data.toString(), "--listen-client-urls", client, "--advertise-client-urls", client,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                "--initial-cluster", "etcd=" + peer, "--initial-cluster-state", "new",
                "--cert-file", member.cert().toString(), "--key-file", member.key().toString(),
                "--trusted-ca-file", pki.etcdCaCert().toString(), "--client-cert-auth",
                "--peer-cert-file", member.cert().toString(), "--peer-key-file", member.key().toString(),
                "--peer-trusted-ca-file", pki.etcdCaCert().toString(), "--peer-client-cert-auth",
                "--logger", "zap", "--log-outputs", "stderr"));
        daemons.add(Daemon.start("etcd", command, workDir.resolve("etcd.log"), record));
        etcdServers = client;
    }

    private void startApiServer() {
        ClusterPki.Pair serving = pki.apiServer(List.of("localhost", "kubernetes", "kubernetes.default",
                "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"),
                List.of(bindAddress, "127.0.0.1", network.apiServiceAddress()));
        ClusterPki.Pair etcdClient = pki.etcd("apiserver-etcd-client", "kube-apiserver", List.of());
        ClusterPki.Pair kubeletClient = pki.client("apiserver-kubelet-client", "kube-apiserver-kubelet-client",
                "system:masters");
        start("kube-apiserver", List.of(
                "--advertise-address=" + bindAddress, "--bind-address=" + bindAddress,
                "--secure-port=" + PORT, "--insecure-port=0",
                "--etcd-servers=" + etcdServers, "--etcd-cafile=" + pki.etcdCaCert(),
                "--etcd-certfile=" + etcdClient.cert(), "--etcd-keyfile=" + etcdClient.key(),
                "--client-ca-file=" + pki.caCert(),
                "--tls-cert-file=" + serving.cert(), "--tls-private-key-file=" + serving.key(),
                "--kubelet-client-certificate=" + kubeletClient.cert(),
                "--kubelet-client-key=" + kubeletClient.key(),
                // node names are not in any DNS here: reach kubelets (logs, exec) at their addresses
                "--kubelet-preferred-address-types=InternalIP,Hostname",
                "--service-account-key-file=" + pki.serviceAccountPublicKey(),
                "--service-account-signing-key-file=" + pki.serviceAccountKey(),
                "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                "--service-cluster-ip-range=" + network.serviceCidr(),
                "--authorization-mode=Node,RBAC", "--enable-admission-plugins=NodeRestriction",
                "--allow-privileged=true", "--profiling=false", "--v=1"));
    }

    private void startControllerManager() {
        Path kubeconfig = kubeconfig("controller-manager", "system:kube-controller-manager",
                "system:kube-controller-manager");
        start("kube-controller-manager", List.of("--kubeconfig=" + kubeconfig,
                "--authentication-kubeconfig=" + kubeconfig, "--authorization-kubeconfig=" + kubeconfig,
                // no node IPAM: each node's pod subnet is set in its CNI configuration by the testkit
                "--controllers=*,-nodeipam", "--use-service-account-credentials=true",
                "--service-account-private-key-file=" + pki.serviceAccountKey(), "--root-ca-file=" + pki.caCert(),
                "--cluster-signing-cert-file=" + pki.caCert(), "--cluster-signing-key-file=" + pki.caKey(),
                "--cluster-cidr=" + network.clusterCidr(), "--service-cluster-ip-range=" + network.serviceCidr(),
                "--leader-elect=false", "--port=0", "--secure-port=0", "--profiling=false", "--v=1"));
    }

    private void startScheduler() {
        Path kubeconfig = kubeconfig("scheduler", "system:kube-scheduler", "system:kube-scheduler");
        start("kube-scheduler", List.of("--kubeconfig=" + kubeconfig,
                "--authentication-kubeconfig=" + kubeconfig, "--authorization-kubeconfig=" + kubeconfig,
                "--leader-elect=false", "--port=0", "--secure-port=0", "--profiling=false", "--v=1"));
    }

    private void start(String name, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(binaries.binary(name).toString());
        command.addAll(args);
        daemons.add(Daemon.start(name, command, workDir.resolve(name + ".log"), record));
    }

    /** Stops the scheduler, controller manager, API server and etcd (in that order). */
    @Override
    public void close() {
        for (int i = daemons.size() - 1; i >= 0; i--) {
            daemons.get(i).stop();
        }
        daemons.clear();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesException("interrupted", e);
        }
    }
}
