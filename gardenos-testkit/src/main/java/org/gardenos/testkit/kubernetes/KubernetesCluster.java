package org.gardenos.testkit.kubernetes;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.gardenos.nspawn.kubernetes.ApiServerClient;
import org.gardenos.nspawn.kubernetes.ClusterWait;
import org.gardenos.nspawn.kubernetes.KubernetesBinaries;
import org.gardenos.nspawn.kubernetes.KubernetesNode;
import org.gardenos.nspawn.kubernetes.LocalKubernetes;
import org.gardenos.nspawn.kubernetes.NodeSpec;
import org.gardenos.testkit.images.OciImage;

/**
 * The test cluster: a real Kubernetes on this machine (gardenos-nspawn's {@link LocalKubernetes}: the control plane
 * here, nodes in nspawn Debian hosts), with a Testcontainers-like lifecycle. The cluster itself lives in
 * gardenos-nspawn so the CLI's sandbox can run it without the testkit; this is the tests' name for it.
 *
 * <pre>{@code
 * try (KubernetesCluster cluster = KubernetesCluster.builder().nodes(3).build().start()) {
 *     Path kubeconfig = cluster.kubeconfig();          // admin (system:masters), like K3s's k3s.yaml
 *     cluster.load(TestImages.busybox(dir));          // ctr images import on every node
 * }
 * }</pre>
 *
 * One cluster per machine at a time; see docs/testkit.md.
 */
public final class KubernetesCluster implements AutoCloseable {
    private final LocalKubernetes cluster;

    private KubernetesCluster(LocalKubernetes cluster) {
        this.cluster = cluster;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What this machine lacks to run the cluster (root, binaries, tools); empty when it can start. */
    public static List<String> missingPrerequisites(KubernetesBinaries binaries, boolean withNodes) {
        return LocalKubernetes.missingPrerequisites(binaries, withNodes);
    }

    /** Starts the control plane and the nodes and waits with the wait strategy; on failure removes everything. */
    public KubernetesCluster start() {
        cluster.start();
        return this;
    }

    /** The admin kubeconfig (client certificate of {@code system:admin} in {@code system:masters}), mode 0600. */
    public Path kubeconfig() {
        return cluster.kubeconfig();
    }

    /** A kubeconfig for another user (client certificate {@code CN=user, O=group}), for RBAC tests. */
    public Path kubeconfigFor(String user, String group) {
        return cluster.kubeconfigFor(user, group);
    }

    /** {@code https://ADDRESS:6443}. */
    public URI server() {
        return cluster.server();
    }

    /** The CA that signed the API server's certificate and every client certificate. */
    public Path caCertificate() {
        return cluster.caCertificate();
    }

    public List<NodeSpec> nodeSpecs() {
        return cluster.nodeSpecs();
    }

    /** The nodes (empty for a control plane alone). */
    public List<KubernetesNode> nodes() {
        return cluster.nodes();
    }

    public KubernetesNode node(String name) {
        return cluster.node(name);
    }

    /** Imports an image into containerd ({@code k8s.io} namespace) on every node. */
    public void load(OciImage image) {
        cluster.load(image.local());
    }

    /** The StorageClass of the static local volumes ({@code local-static}; not the default class). */
    public String storageClass() {
        return cluster.storageClass();
    }

    /** How long {@link #start()} took. */
    public Duration startDuration() {
        return cluster.startDuration();
    }

    /** The Debian source version the binaries were built from, e.g. {@code 1.20.5+really1.20.2-1.1+deb12u1}. */
    public String sourceVersion() {
        return cluster.sourceVersion();
    }

    /** The machinery behind this cluster, for what this class does not pass on. */
    public LocalKubernetes local() {
        return cluster;
    }

    ApiServerClient api() {
        return cluster.api();
    }

    String diagnostics() {
        return cluster.diagnostics();
    }

    /** Stops the nodes, the control plane and etcd, removes routes, cgroups, files; releases the machine lock. */
    @Override
    public void close() {
        cluster.close();
    }

    /** Settings of a test cluster (those of {@link LocalKubernetes.Builder}). */
    public static final class Builder {
        private final LocalKubernetes.Builder local = LocalKubernetes.builder();

        private Builder() {
        }

        /** {@code count} nodes named node1, node2, ... without labels or taints. */
        public Builder nodes(int count) {
            local.nodes(count);
            return this;
        }

        /** Adds one node as the inventory would declare it (name, labels, taints). */
        public Builder node(NodeSpec node) {
            local.node(node);
            return this;
        }

        /** How many static {@code local} PersistentVolumes every node offers (default 6). */
        public Builder volumesPerNode(int count) {
            local.volumesPerNode(count);
            return this;
        }

        public Builder binaries(KubernetesBinaries binaries) {
            local.binaries(binaries);
            return this;
        }

        public Builder waitingFor(ClusterWait strategy) {
            local.waitingFor(strategy);
            return this;
        }

        public Builder startupTimeout(Duration timeout) {
            local.startupTimeout(timeout);
            return this;
        }

        public KubernetesCluster build() {
            return new KubernetesCluster(local.build());
        }
    }
}
