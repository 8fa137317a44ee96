package org.gardenos.nspawn.kubernetes;

/**
 * The configuration files of one node, rendered as text (no I/O): containerd, CNI, kubelet, kube-proxy and their
 * systemd units. The settings that matter on this machine are explained where they are set (see FACTS: "A real
 * Kubernetes from Debian's source package").
 */
record NodeFiles(String name, String address, String podSubnet, String cgroupRoot, String pauseImage,
                 ClusterNetwork network) {

    String containerdConfig() {
        return "# written by gardenos-testkit\n"
                + "version = 2\n"
                + "[plugins.\"io.containerd.grpc.v1.cri\"]\n"
                + "  sandbox_image = \"" + pauseImage + "\"\n"
                // no CAP_SYS_RESOURCE here: a negative oom_score_adj cannot be written, runc would fail
                + "  restrict_oom_score_adj = true\n"
                + "  [plugins.\"io.containerd.grpc.v1.cri\".containerd]\n"
                // the host's root is overlayfs: overlay on overlay does not mount
                + "    snapshotter = \"native\"\n"
                + "  [plugins.\"io.containerd.grpc.v1.cri\".cni]\n"
                + "    bin_dir = \"/usr/lib/cni\"\n"
                + "    conf_dir = \"/etc/cni/net.d\"\n";
    }

    String cniConfig() {
        return "{\n"
                + "  \"cniVersion\": \"0.4.0\",\n"
                + "  \"name\": \"gardenos\",\n"
                + "  \"plugins\": [\n"
                + "    {\"type\": \"bridge\", \"bridge\": \"cni0\", \"isGateway\": true, \"ipMasq\": false,"
                + " \"hairpinMode\": true,\n"
                + "     \"ipam\": {\"type\": \"host-local\", \"ranges\": [[{\"subnet\": \"" + podSubnet + "\"}]],"
                + " \"routes\": [{\"dst\": \"0.0.0.0/0\"}]}},\n"
                + "    {\"type\": \"portmap\", \"capabilities\": {\"portMappings\": true}}\n"
                + "  ]\n"
                + "}\n";
    }

    String kubeletConfig() {
        return "apiVersion: kubelet.config.k8s.io/v1beta1\n"
                + "kind: KubeletConfiguration\n"
                + "authentication:\n"
                + "  anonymous: {enabled: false}\n"
                + "  webhook: {enabled: true}\n"
                + "  x509: {clientCAFile: /etc/kubernetes/ca.crt}\n"
                + "authorization: {mode: Webhook}\n"
                + "address: " + address + "\n"
                + "readOnlyPort: 0\n"
                + "cgroupDriver: cgroupfs\n"
                + "cgroupRoot: " + cgroupRoot + "\n"
                + "failSwapOn: false\n"
                + "clusterDomain: cluster.local\n"
                + "resolvConf: /etc/resolv.conf\n"
                + "serializeImagePulls: false\n"
                + "rotateCertificates: false\n"
                // the machine's disk is shared by everything: do not evict pods or taint the node over it
                + "evictionHard: {memory.available: 50Mi, nodefs.available: 1%, imagefs.available: 1%}\n"
                + "imageGCHighThresholdPercent: 100\n"
                // a negative oom_score_adj needs CAP_SYS_RESOURCE, which this machine does not have
                + "oomScoreAdj: 0\n";
    }

    /** Debian's containerd unit asks for OOMScoreAdjust=-999, which needs CAP_SYS_RESOURCE. */
    String containerdDropIn() {
        return "[Service]\nOOMScoreAdjust=0\n";
    }

    String kubeletUnit() {
        return "[Unit]\n"
                + "Description=kubelet (gardenos-testkit node " + name + ")\n"
                + "After=containerd.service\n"
                + "Requires=containerd.service\n"
                + "[Service]\n"
                + "ExecStart=/usr/local/bin/kubelet --config=/etc/kubernetes/kubelet.yaml"
                + " --kubeconfig=/etc/kubernetes/kubelet.kubeconfig --hostname-override=" + name
                + " --node-ip=" + address + " --container-runtime=remote"
                + " --container-runtime-endpoint=unix:///run/containerd/containerd.sock"
                + " --pod-infra-container-image=" + pauseImage + " --v=1\n"
                + "Restart=on-failure\n"
                + "RestartSec=2\n";
    }

    String kubeProxyConfig() {
        return "apiVersion: kubeproxy.config.k8s.io/v1alpha1\n"
                + "kind: KubeProxyConfiguration\n"
                + "clientConnection: {kubeconfig: /etc/kubernetes/kube-proxy.kubeconfig}\n"
                + "mode: iptables\n"
                + "clusterCIDR: " + network.clusterCidr() + "\n"
                + "hostnameOverride: " + name + "\n"
                + "bindAddress: " + address + "\n"
                + "healthzBindAddress: 127.0.0.1:10256\n"
                + "metricsBindAddress: 127.0.0.1:10249\n"
                // conntrack table sizes and timeouts are the machine's, not this node's to change
                + "conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}\n"
                + "oomScoreAdj: 0\n";
    }

    String kubeProxyUnit() {
        return "[Unit]\n"
                + "Description=kube-proxy (gardenos-testkit node " + name + ")\n"
                + "[Service]\n"
                + "ExecStart=/usr/local/bin/kube-proxy --config=/etc/kubernetes/kube-proxy.yaml\n"
                + "Restart=on-failure\n"
                + "RestartSec=2\n";
    }
}
