package org.gardenos.nspawn.kubernetes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.gardenos.nspawn.DebianHosts;
import org.gardenos.nspawn.TestHost;
import org.gardenos.nspawn.images.OciImage;
import org.gardenos.nspawn.images.ClusterImages;

/**
 * The test cluster's nodes: one nspawn Debian host per node (booted with the Kubernetes-node options: all
 * capabilities, the keyring/mount/privileged/bpf system calls, cgroups and {@code /dev/kmsg} from this machine) whose
 * image also holds containerd, runc, the CNI plugins, iptables and conntrack. Each gets its pod subnet, routes to the
 * other nodes' subnets, and this machine gets routes to all of them (the API server reaches pods for Services and
 * webhooks).
 */
final class KubernetesNodes implements AutoCloseable {
    /** Debian packages a node's image needs besides the testkit's defaults (another cached image). */
    static final List<String> NODE_PACKAGES = List.of("containerd", "runc", "containernetworking-plugins", "iptables",
            "conntrack");

    private final List<NodeSpec> specs;
    private final KubernetesBinaries binaries;
    private final ClusterRecord record;
    private final Path workDir;
    private final ClusterNetwork network;
    private final List<KubernetesNode> nodes = new ArrayList<>();
    private DebianHosts hosts;

    KubernetesNodes(List<NodeSpec> specs, KubernetesBinaries binaries, ClusterRecord record, Path workDir,
                    ClusterNetwork network) {
        this.specs = List.copyOf(specs);
        this.binaries = binaries;
        this.record = record;
        this.workDir = workDir;
        this.network = network;
    }

    static List<String> missingPrerequisites() {
        List<String> missing = new ArrayList<>(DebianHosts.missingPrerequisites());
        missing.remove("root");
        if (!java.nio.file.Files.isExecutable(ClusterImages.BUSYBOX_BINARY)) {
            missing.add(ClusterImages.BUSYBOX_BINARY + " (Debian's busybox-static, for the workload image)");
        }
        return missing;
    }

    /** Boots the hosts; returns this machine's address on their bridge (where the API server must listen). */
    String bootHosts() {
        hosts = DebianHosts.builder().count(specs.size()).namePrefix("k8snode").kubernetesNode()
                .packages(NODE_PACKAGES.toArray(String[]::new)).build();
        hosts.start();
        List<TestHost> list = hosts.hosts();
        for (int i = 0; i < specs.size(); i++) {
            nodes.add(new KubernetesNode(specs.get(i), list.get(i), network.podSubnet(i + 1)));
        }
        return bridgeAddress(list.get(0).address());
    }

    /** Configures and starts containerd, kubelet and kube-proxy on every node, in parallel. */
    void startKubernetes(ControlPlane controlPlane) {
        for (KubernetesNode n : nodes) {
            String via = n.address();
            MachineCommands.run("ip", "route", "replace", n.podSubnet(), "via", via).requireOk();
            record.addRoute(n.podSubnet(), via);
        }
        KubeletSysctls.recordAndPreset(record);
        OciImage pause = ClusterImages.pause(binaries.binary("pause"), workDir.resolve("pause.tar"));
        OciImage busybox = ClusterImages.busybox(workDir.resolve("busybox.tar"));
        Map<String, String> routes = nodes.stream()
                .collect(Collectors.toMap(KubernetesNode::podSubnet, KubernetesNode::address));
        parallel(n -> {
            n.configure(controlPlane, binaries, network, routes, pause);
            n.importImage(busybox);
        });
    }

    /** Labels and taints on the Node objects, as the k3s layer sets them: through the API, as admin. */
    void applyLabelsAndTaints(ApiServerClient api) {
        for (NodeSpec s : specs) {
            if (s.labels().isEmpty() && s.taints().isEmpty()) {
                continue;
            }
            String labels = s.labels().entrySet().stream()
                    .map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"").collect(Collectors.joining(","));
            String taints = s.taints().stream().map(NodeSpec::taintJson).collect(Collectors.joining(","));
            api.mergePatch("/api/v1/nodes/" + s.name(), "{\"metadata\":{\"labels\":{" + labels + "}},"
                    + "\"spec\":{\"taints\":[" + taints + "]}}");
        }
    }

    List<KubernetesNode> nodes() {
        return List.copyOf(nodes);
    }

    String diagnostics() {
        StringBuilder b = new StringBuilder();
        for (KubernetesNode n : nodes) {
            b.append("\n--- ").append(n.name()).append(" kubelet journal:\n").append(n.kubeletJournalTail(10));
        }
        return b.toString();
    }

    /** Stops kubelet and kube-proxy (its iptables rules cleaned), then the hosts; their cgroups go with the record. */
    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (KubernetesNode n : nodes) {
            try {
                n.stopKubernetes();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (hosts != null) {
            hosts.close();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    private void parallel(java.util.function.Consumer<KubernetesNode> action) {
        ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (KubernetesNode n : nodes) {
                futures.add(pool.submit(() -> action.accept(n)));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r
                            : new KubernetesException(e.getCause().getMessage(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new KubernetesException("interrupted while starting the nodes", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The bridge's address: the {@code .1} of the hosts' /24. */
    private static String bridgeAddress(String hostAddress) {
        return hostAddress.substring(0, hostAddress.lastIndexOf('.')) + ".1";
    }
}
