package org.gardenos.cli.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gardenos.nspawn.DebianHosts;
import org.gardenos.nspawn.TestHost;
import org.gardenos.nspawn.images.OciImage;
import org.gardenos.nspawn.images.PatroniImage;
import org.gardenos.nspawn.kubernetes.KubernetesBinaries;
import org.gardenos.nspawn.kubernetes.KubernetesNode;
import org.gardenos.nspawn.kubernetes.LocalKubernetes;
import org.gardenos.nspawn.kubernetes.NodeSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's Kubernetes in place of K3s (which cannot run on this machine): gardenos-nspawn's
 * {@link LocalKubernetes}, Kubernetes 1.20.2 built from Debian's source package, with a control plane on this
 * machine (its own one-member TLS etcd, not the sandbox hosts' etcd) and {@value #NODE} in its own nspawn host,
 * whose four static local volumes (1Gi) make the default StorageClass {@code local-static}, as K3s's local-path is.
 * Its admin kubeconfig goes where the k3s layer keeps one ({@code kubeconfig} in the state directory, cluster,
 * context and user named after the cluster), so {@code gardenos status k3s} and {@code gardenos k3s kubeconfig}
 * read it.
 */
final class SandboxKubernetes {
    static final String NODE = "k8s-node1";
    private static final Logger LOG = LoggerFactory.getLogger(SandboxKubernetes.class);
    /** One line for {@code sandbox status} and the docs: what runs instead of the k3s layer. */
    static final String STATUS_LINE = "k3s: layer not applied in the sandbox (K3s cannot run here); a Kubernetes 1.20"
            + " built from Debian's source runs in its place";

    private SandboxKubernetes() {
    }

    /**
     * Routes every sandbox host to each node's pod subnet through that node. The hosts have no default route and the
     * node's CNI bridge does not masquerade, so without them a pod's packets (Patroni to etcd on the hosts) arrive
     * with a pod address and the answers are dropped.
     */
    static void connectHosts(LocalKubernetes cluster, DebianHosts hosts) {
        for (TestHost host : hosts.hosts()) {
            for (KubernetesNode node : cluster.nodes()) {
                host.addRoute(node.podSubnet(), node.address());
            }
        }
    }

    /** Each node's name and its address on the hosts' bridge, where kube-proxy serves the NodePorts. */
    static Map<String, String> nodeAddresses(LocalKubernetes cluster) {
        Map<String, String> nodes = new LinkedHashMap<>();
        cluster.nodes().forEach(node -> nodes.put(node.name(), node.address()));
        return nodes;
    }

    /**
     * Imports the images the inventory's sections name into every node: the Patroni image of the postgres section,
     * built on the first run on a machine (debootstrap, several minutes) and cached machine-wide, never pulled.
     */
    static void loadImages(LocalKubernetes cluster) {
        if (!PatroniImage.cached()) {
            LOG.info("building the Patroni image {} (once per machine: debootstrap of Debian's postgresql-15 and"
                    + " patroni, several minutes)", PatroniImage.REFERENCE);
        }
        OciImage patroni = PatroniImage.ensure();
        cluster.load(patroni);
        LOG.info("imported {} into {}", patroni.reference(), NODE);
    }

    /** Starts the control plane and the node (waiting for another local cluster's machine lock if one runs). */
    static LocalKubernetes start(SandboxDir dir) {
        LocalKubernetes cluster = LocalKubernetes.builder().name(SandboxDir.CLUSTER).node(NodeSpec.named(NODE))
                .volumesPerNode(4).defaultStorageClass(true).binaries(KubernetesBinaries.locate())
                .startupTimeout(Duration.ofMinutes(5)).build().start();
        try {
            Path tmp = Files.createTempFile(dir.root(), ".kubeconfig", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.copy(cluster.kubeconfig(), tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, dir.kubeconfig(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e instanceof IOException io ? new UncheckedIOException("cannot write " + dir.kubeconfig(), io)
                    : (RuntimeException) e;
        }
    }
}
