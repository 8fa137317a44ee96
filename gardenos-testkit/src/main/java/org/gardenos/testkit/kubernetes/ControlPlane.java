package org.gardenos.testkit.kubernetes;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.gardenos.testkit.etcd.EtcdTlsFiles;
import org.gardenos.testkit.etcd.LocalEtcdCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The test cluster's control plane on this machine: a one-member etcd with client-certificate TLS on loopback
 * ({@link LocalEtcdCluster}), kube-apiserver (client certificates, {@code Node,RBAC}, the default admission plugins
 * plus NodeRestriction, service-account keys, no insecure port), kube-controller-manager and kube-scheduler, all
 * real processes of the binaries built from Debian's source. The API server listens on {@code bindAddress}: loopback
 * for a cluster without nodes, the nspawn bridge address when nodes must reach it.
 */
final class ControlPlane implements AutoCloseable {
    static final int PORT = 6443;
    private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);

    private final KubernetesBinaries binaries;
    private final ClusterRecord record;
    private final Path workDir;
    private final ClusterPki pki;
    private final String bindAddress;
    private final ClusterNetwork network;
    private final List<Daemon> daemons = new ArrayList<>();
    private LocalEtcdCluster etcd;
    private ClusterPki.Pair admin;

    ControlPlane(KubernetesBinaries binaries, ClusterRecord record, Path workDir, String bindAddress,
                 ClusterNetwork network) {
        this.binaries = binaries;
        this.record = record;
        this.workDir = workDir;
        this.pki = ClusterPki.create(workDir);
        this.bindAddress = bindAddress;
        this.network = network;
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
                        + daemons.get(0).logTail(15));
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
                Kubeconfigs.render(server(), pki.caCert(), cert, user));
    }

    private void startEtcd() {
        etcd = LocalEtcdCluster.builder().members(1).tls(new EtcdTlsFiles() {
            @Override
            public Path trustedCa() {
                return pki.etcdCaCert();
            }

            @Override
            public CertAndKey member(String name, String address) {
                ClusterPki.Pair p = pki.etcd(name, name, List.of("127.0.0.1", address));
                return new CertAndKey(p.cert(), p.key());
            }
        }).build();
        record.addForeignDir(etcd.workDir());
        etcd.start();
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
                "--etcd-servers=" + etcd.endpointsCsv(), "--etcd-cafile=" + pki.etcdCaCert(),
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

    /** Stops the scheduler, controller manager and API server (in that order), then etcd. */
    @Override
    public void close() {
        for (int i = daemons.size() - 1; i >= 0; i--) {
            daemons.get(i).stop();
        }
        daemons.clear();
        if (etcd != null) {
            etcd.close();
        }
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
