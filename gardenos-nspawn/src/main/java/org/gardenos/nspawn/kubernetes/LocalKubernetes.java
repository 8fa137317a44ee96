package org.gardenos.nspawn.kubernetes;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kubernetes cluster on this machine, for the testkit ({@code KubernetesCluster}, {@code @WithKubernetes}) and
 * for {@code gardenos sandbox up}: Kubernetes 1.20.2 built from Debian's source package
 * ({@code scripts/kubernetes.sh}), the control plane as processes here on a TLS etcd, and nodes in nspawn Debian
 * hosts (kubelet, containerd, runc, a CNI bridge and kube-proxy in each). Lifecycle like Testcontainers:
 *
 * <pre>{@code
 * try (LocalKubernetes cluster = LocalKubernetes.builder().nodes(3).build().start()) {
 *     Path kubeconfig = cluster.kubeconfig();          // admin (system:masters), like K3s's k3s.yaml
 *     cluster.load(ClusterImages.busybox(dir));          // ctr images import on every node
 * }
 * }</pre>
 *
 * One cluster per machine at a time ({@link ClusterRecord}); whatever it made is removed by {@link #close()}, by a
 * JVM shutdown hook, or, after a killed JVM, by the next cluster's start. See docs/testkit.md and docs/cli.md.
 */
public final class LocalKubernetes implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalKubernetes.class);

    private final Builder settings;
    private ClusterRecord record;
    private ControlPlane controlPlane;
    private ApiServerClient api;
    private KubernetesNodes nodes;
    private Path workDir;
    private Path kubeconfig;
    private Duration startDuration = Duration.ZERO;
    private boolean closed;

    private LocalKubernetes(Builder settings) {
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What this machine lacks to run the cluster (root, binaries, tools); empty when it can start. */
    public static List<String> missingPrerequisites(KubernetesBinaries binaries, boolean withNodes) {
        List<String> missing = new ArrayList<>();
        if (!org.gardenos.nspawn.LocalMachine.isRoot()) {
            missing.add("root");
        }
        if (!binaries.missing().isEmpty()) {
            missing.add(binaries.missingReason());
        }
        missing.addAll(org.gardenos.nspawn.LocalMachine.missingCommands("ip", "etcd"));
        if (withNodes) {
            missing.addAll(KubernetesNodes.missingPrerequisites());
        }
        return List.copyOf(missing);
    }

    /** Starts the control plane and the nodes and waits with the wait strategy; on failure removes everything. */
    public synchronized LocalKubernetes start() {
        if (record != null || closed) {
            throw new IllegalStateException("a LocalKubernetes is started once");
        }
        List<String> missing = missingPrerequisites(settings.binaries, !settings.nodes.isEmpty());
        if (!missing.isEmpty()) {
            throw new KubernetesException("cannot start the local Kubernetes cluster, missing: "
                    + String.join("; ", missing));
        }
        long t0 = System.nanoTime();
        record = ClusterRecord.acquire();
        ShutdownHook.register(this);
        try {
            workDir = record.newWorkDir();
            String bindAddress = "127.0.0.1";
            if (!settings.nodes.isEmpty()) {
                nodes = new KubernetesNodes(settings.nodes, settings.binaries, record, workDir, settings.network);
                bindAddress = nodes.bootHosts();
            }
            controlPlane = new ControlPlane(settings.binaries, record, workDir, bindAddress, settings.network, settings.name);
            api = controlPlane.start(settings.startupTimeout);
            kubeconfig = Kubeconfigs.write(workDir.resolve("admin.kubeconfig"), Kubeconfigs.render(
                    controlPlane.server(), controlPlane.pki().caCert(), controlPlane.adminCertificate(),
                    settings.name, settings.name));
            if (nodes != null) {
                nodes.startKubernetes(controlPlane);
            }
            settings.waitStrategy.waitUntilReady(this, settings.startupTimeout);
            if (nodes != null) {
                nodes.applyLabelsAndTaints(api);
                LocalVolumes.create(api, nodes.nodes(), settings.volumesPerNode, settings.defaultStorageClass);
            }
            startDuration = Duration.ofNanos(System.nanoTime() - t0);
            LOG.info("local Kubernetes cluster {} ({} nodes, Kubernetes from Debian source {}) ready in {} ms",
                    settings.name, settings.nodes.size(), settings.binaries.sourceVersion(), startDuration.toMillis());
            return this;
        } catch (RuntimeException e) {
            try {
                close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * The admin kubeconfig (client certificate of {@code system:admin} in {@code system:masters}), mode 0600; its
     * cluster, context and user entries carry the cluster's {@link Builder#name name}, as the k3s layer names them.
     */
    public Path kubeconfig() {
        requireStarted();
        return kubeconfig;
    }

    /** A kubeconfig for another user (client certificate {@code CN=user, O=group}), for RBAC tests. */
    public Path kubeconfigFor(String user, String group) {
        requireStarted();
        return controlPlane.kubeconfig("user-" + user.replaceAll("[^a-z0-9-]", "-"), user, group);
    }

    /** {@code https://ADDRESS:6443}. */
    public URI server() {
        requireStarted();
        return controlPlane.server();
    }

    /** The CA that signed the API server's certificate and every client certificate. */
    public Path caCertificate() {
        requireStarted();
        return controlPlane.pki().caCert();
    }

    public List<NodeSpec> nodeSpecs() {
        return List.copyOf(settings.nodes);
    }

    /** The nodes (empty for a control plane alone). */
    public List<KubernetesNode> nodes() {
        return nodes == null ? List.of() : nodes.nodes();
    }

    public KubernetesNode node(String name) {
        return nodes().stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node '" + name + "'; nodes: "
                        + nodes().stream().map(KubernetesNode::name).toList()));
    }

    /** Imports an image into containerd ({@code k8s.io} namespace) on every node. */
    public void load(org.gardenos.nspawn.images.OciImage image) {
        nodes().forEach(n -> n.importImage(image));
    }

    /** The StorageClass of the static local volumes ({@code local-static}; not the default class). */
    public String storageClass() {
        return LocalVolumes.STORAGE_CLASS;
    }

    /** The pod network ({@code 10.214.0.0/16}; node N has {@code 10.214.N.0/24}), as K3s's {@code cluster-cidr}. */
    public String clusterCidr() {
        return settings.network.clusterCidr();
    }

    /** The Service network ({@code 10.215.0.0/16}), as K3s's {@code service-cidr}. */
    public String serviceCidr() {
        return settings.network.serviceCidr();
    }

    /** How long {@link #start()} took. */
    public Duration startDuration() {
        return startDuration;
    }

    /** The Debian source version the binaries were built from, e.g. {@code 1.20.5+really1.20.2-1.1+deb12u1}. */
    public String sourceVersion() {
        return settings.binaries.sourceVersion();
    }

    /** The cluster's own small API client (admin), for tests and the testkit. */
    public ApiServerClient api() {
        requireStarted();
        return api;
    }

    void requireControlPlaneAlive() {
        if (controlPlane != null) {
            controlPlane.requireAlive();
        }
    }

    /** Node diagnostics for failure messages (kubelet journal tails), empty without nodes. */
    public String diagnostics() {
        return nodes == null ? "" : nodes.diagnostics();
    }

    private void requireStarted() {
        if (api == null) {
            throw new IllegalStateException("the local Kubernetes cluster is not started");
        }
    }

    /** Stops the nodes, the control plane and etcd, removes routes, cgroups, files; releases the machine lock. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ShutdownHook.unregister(this);
        List<RuntimeException> failures = new ArrayList<>();
        run(failures, () -> {
            if (nodes != null) {
                nodes.close();
            }
        });
        run(failures, () -> {
            if (controlPlane != null) {
                controlPlane.close();
            }
        });
        run(failures, () -> {
            if (record != null) {
                record.close();
            }
        });
        if (!failures.isEmpty()) {
            KubernetesException e = new KubernetesException("cleanup of the local Kubernetes cluster incomplete: "
                    + failures.get(0).getMessage(), failures.get(0));
            failures.subList(1, failures.size()).forEach(e::addSuppressed);
            throw e;
        }
        LOG.info("local Kubernetes cluster {} removed", settings.name);
    }

    private static void run(List<RuntimeException> failures, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }

    /** Settings of a local cluster. */
    public static final class Builder {
        private final List<NodeSpec> nodes = new ArrayList<>();
        private KubernetesBinaries binaries = KubernetesBinaries.locate();
        private ClusterWait waitStrategy = ClusterWait.defaults();
        private Duration startupTimeout = Duration.ofMinutes(3);
        private final ClusterNetwork network = ClusterNetwork.DEFAULT;
        private int volumesPerNode = 6;
        private String name = "gardenos-test";
        private boolean defaultStorageClass;

        private Builder() {
        }

        /** {@code count} nodes named node1, node2, ... without labels or taints. */
        public Builder nodes(int count) {
            if (count < 0 || count > 9) {
                throw new IllegalArgumentException("0 to 9 nodes, not " + count);
            }
            nodes.clear();
            for (int i = 1; i <= count; i++) {
                nodes.add(NodeSpec.named("node" + i));
            }
            return this;
        }

        /** Adds one node as the inventory would declare it (name, labels, taints). */
        public Builder node(NodeSpec node) {
            if (nodes.stream().anyMatch(n -> n.name().equals(node.name()))) {
                throw new IllegalArgumentException("node '" + node.name() + "' given twice");
            }
            nodes.add(node);
            return this;
        }

        /**
         * How many static {@code local} PersistentVolumes ({@value LocalVolumes#CAPACITY} each) every node offers in
         * the StorageClass {@value LocalVolumes#STORAGE_CLASS} (default 6; Retain: a volume binds once).
         */
        public Builder volumesPerNode(int count) {
            if (count < 0 || count > 50) {
                throw new IllegalArgumentException("0 to 50 volumes per node, not " + count);
            }
            this.volumesPerNode = count;
            return this;
        }

        /** The cluster, context and admin user name in its kubeconfigs (default {@code gardenos-test}). */
        public Builder name(String name) {
            if (name == null || !name.matches("[a-z][a-z0-9-]{0,40}")) {
                throw new IllegalArgumentException("cluster name '" + name + "' must match [a-z][a-z0-9-]{0,40}");
            }
            this.name = name;
            return this;
        }

        /** Makes {@value LocalVolumes#STORAGE_CLASS} the default StorageClass (the sandbox; tests leave it not). */
        public Builder defaultStorageClass(boolean isDefault) {
            this.defaultStorageClass = isDefault;
            return this;
        }

        public Builder binaries(KubernetesBinaries binaries) {
            this.binaries = Objects.requireNonNull(binaries);
            return this;
        }

        public Builder waitingFor(ClusterWait strategy) {
            this.waitStrategy = Objects.requireNonNull(strategy);
            return this;
        }

        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        public LocalKubernetes build() {
            return new LocalKubernetes(this);
        }
    }
}
