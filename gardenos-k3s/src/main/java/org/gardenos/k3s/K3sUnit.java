package org.gardenos.k3s;

/**
 * The systemd unit {@code gardenos-k3s.service}. Its command line carries no secret: the token comes from the
 * 0600 {@code EnvironmentFile}, the rest from config.yaml. {@code Type=notify}: K3s reports readiness itself, so
 * {@code systemctl start} returns once the node is up, which is what "the first server is healthy before the
 * others start" builds on.
 */
public final class K3sUnit {
    private K3sUnit() {
    }

    public static String render(K3sNodeConfig.Mode mode) {
        String verb = mode == K3sNodeConfig.Mode.SERVER ? "server" : "agent";
        return "# Managed by GardenOS (layer k3s); the next converge replaces local edits.\n"
                + "[Unit]\n"
                + "Description=K3s " + verb + " (managed by GardenOS)\n"
                + "Documentation=https://docs.k3s.io\n"
                + "Wants=network-online.target\n"
                + "After=network-online.target\n"
                + "\n"
                + "[Service]\n"
                + "Type=notify\n"
                + "NotifyAccess=main\n"
                + "EnvironmentFile=" + K3sPaths.ENV_FILE + "\n"
                // containers belong to containerd-shim processes K3s started; stopping K3s must not kill them
                + "KillMode=process\n"
                + "Delegate=yes\n"
                + "LimitNOFILE=1048576\n"
                + "LimitNPROC=infinity\n"
                + "LimitCORE=infinity\n"
                + "TasksMax=infinity\n"
                // bounded, so a server that never becomes ready fails the converge instead of hanging it
                + "TimeoutStartSec=10min\n"
                + "Restart=always\n"
                + "RestartSec=5s\n"
                + "ExecStartPre=-/sbin/modprobe br_netfilter\n"
                + "ExecStartPre=-/sbin/modprobe overlay\n"
                + "ExecStart=" + K3sPaths.BINARY + " " + verb + "\n"
                + "\n"
                + "[Install]\n"
                + "WantedBy=multi-user.target\n";
    }
}
