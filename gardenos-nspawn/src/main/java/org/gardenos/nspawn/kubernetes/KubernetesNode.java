package org.gardenos.nspawn.kubernetes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.gardenos.remote.CommandResult;
import org.gardenos.nspawn.TestHost;
import org.gardenos.nspawn.images.OciImage;

/**
 * One node of the test cluster: an nspawn Debian host running containerd (native snapshotter: the host's root is
 * overlayfs; {@code restrict_oom_score_adj}: this machine lacks CAP_SYS_RESOURCE), kubelet (cgroupfs, its cgroup
 * root under {@value ClusterRecord#CGROUP_PARENT} in every controller) and kube-proxy (iptables), with a CNI bridge
 * {@code cni0} on the node's own pod subnet.
 */
public final class KubernetesNode {
    private static final Path CGROUPS = Path.of("/sys/fs/cgroup");

    private final NodeSpec spec;
    private final TestHost host;
    private final String podSubnet;

    KubernetesNode(NodeSpec spec, TestHost host, String podSubnet) {
        this.spec = spec;
        this.host = host;
        this.podSubnet = podSubnet;
    }

    public String name() {
        return spec.name();
    }

    /** The node's address on the test bridge (its InternalIP). */
    public String address() {
        return host.address();
    }

    public String podSubnet() {
        return podSubnet;
    }

    /** The nspawn host the node runs in (exec, stop, network cut). */
    public TestHost host() {
        return host;
    }

    /** Runs a shell command inside the node; throws with its output when it fails. */
    public String exec(String command) {
        CommandResult r = host.exec(command);
        if (!r.ok()) {
            throw new KubernetesException(name() + ": `" + command + "` exited " + r.exitCode() + ": "
                    + (r.stderr().isBlank() ? r.stdout() : r.stderr()).strip());
        }
        return r.stdout();
    }

    /** Imports an OCI image tarball into the node's containerd ({@code k8s.io} namespace, native snapshotter). */
    public void importImage(OciImage image) {
        Path target = host.rootfs().resolve("var/tmp").resolve(image.tarball().getFileName());
        try {
            Files.copy(image.tarball(), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new KubernetesException("cannot copy " + image.tarball() + " into " + name() + ": " + e.getMessage(), e);
        }
        String inNode = "/var/tmp/" + image.tarball().getFileName();
        exec("ctr -n k8s.io images import --snapshotter native " + inNode + " >/dev/null && rm -f " + inNode);
    }

    String kubeletJournalTail(int lines) {
        CommandResult r = host.exec("journalctl -u kubelet -n " + lines + " --no-pager -o cat 2>&1");
        return r.stdout().strip();
    }

    void configure(ControlPlane controlPlane, KubernetesBinaries binaries, ClusterNetwork network,
                   Map<String, String> routes, OciImage pause) {
        Path root = host.rootfs();
        copyBinary(binaries.binary("kubelet"), root.resolve("usr/local/bin/kubelet"));
        copyBinary(binaries.binary("kube-proxy"), root.resolve("usr/local/bin/kube-proxy"));
        String cgroupRoot = "/" + ClusterRecord.CGROUP_PARENT + "/" + name();
        createCgroupRoot(cgroupRoot);
        NodeFiles files = new NodeFiles(name(), address(), podSubnet, cgroupRoot, pause.reference(), network);
        write(root, "etc/kubernetes/ca.crt", read(controlPlane.pki().caCert()), "rw-r--r--");
        write(root, "etc/kubernetes/kubelet.kubeconfig", read(controlPlane.kubeconfig("kubelet-" + name(),
                "system:node:" + name(), "system:nodes")), "rw-------");
        write(root, "etc/kubernetes/kube-proxy.kubeconfig", read(controlPlane.kubeconfig("kube-proxy-" + name(),
                "system:kube-proxy", "system:node-proxier")), "rw-------");
        write(root, "etc/kubernetes/kubelet.yaml", files.kubeletConfig(), "rw-r--r--");
        write(root, "etc/kubernetes/kube-proxy.yaml", files.kubeProxyConfig(), "rw-r--r--");
        write(root, "etc/containerd/config.toml", files.containerdConfig(), "rw-r--r--");
        write(root, "etc/cni/net.d/10-gardenos.conflist", files.cniConfig(), "rw-r--r--");
        write(root, "etc/systemd/system/containerd.service.d/gardenos-testkit.conf", files.containerdDropIn(),
                "rw-r--r--");
        write(root, "etc/systemd/system/kubelet.service", files.kubeletUnit(), "rw-r--r--");
        write(root, "etc/systemd/system/kube-proxy.service", files.kubeProxyUnit(), "rw-r--r--");
        StringBuilder setup = new StringBuilder("set -e; sysctl -qw net.ipv4.ip_forward=1; ");
        routes.forEach((subnet, via) -> {
            if (!subnet.equals(podSubnet)) {
                setup.append("ip route replace ").append(subnet).append(" via ").append(via).append("; ");
            }
        });
        setup.append("systemctl daemon-reload; systemctl restart containerd; ");
        setup.append("for i in $(seq 50); do ctr version >/dev/null 2>&1 && break; sleep 0.1; done");
        exec(setup.toString());
        importImage(pause);
        exec("systemctl start kubelet kube-proxy");
    }

    /** Stops kubelet, its pods, and kube-proxy, then removes kube-proxy's rules ({@code kube-proxy --cleanup}). */
    void stopKubernetes() {
        if (!host.isRunning()) {
            return;
        }
        host.exec("systemctl stop kubelet kube-proxy; "
                + "for t in $(ctr -n k8s.io tasks ls -q 2>/dev/null); do ctr -n k8s.io tasks kill -s KILL $t; done; "
                + "/usr/local/bin/kube-proxy --cleanup >/dev/null 2>&1; ip link del cni0 2>/dev/null; true");
    }

    /** kubelet's cgroup root must exist in every controller before it starts (it creates only what is below). */
    private static void createCgroupRoot(String cgroupRoot) {
        try (var controllers = Files.newDirectoryStream(CGROUPS)) {
            for (Path c : controllers) {
                if (Files.isDirectory(c) && !Files.isSymbolicLink(c)) {
                    Files.createDirectories(c.resolve(cgroupRoot.substring(1)));
                }
            }
        } catch (IOException e) {
            throw new KubernetesException("cannot create the cgroup " + cgroupRoot + ": " + e.getMessage(), e);
        }
    }

    private static void copyBinary(Path source, Path target) {
        try {
            Files.createDirectories(target.getParent());
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new KubernetesException("cannot copy " + source + " to " + target + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new KubernetesException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path root, String path, String content, String mode) {
        Path target = root.resolve(path);
        try {
            Files.createDirectories(target.getParent());
            Files.deleteIfExists(target);
            Files.createFile(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
            Files.writeString(target, content);
        } catch (IOException e) {
            throw new KubernetesException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return name() + "(" + address() + ", pods " + podSubnet + ")";
    }
}
