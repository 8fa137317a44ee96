package org.gardenos.etcd;

/** The systemd unit {@code gardenos-etcd.service}, rendered without I/O. */
public final class EtcdUnit {
    private EtcdUnit() {
    }

    public static String render() {
        return """
                # Managed by GardenOS (etcd layer).
                [Unit]
                Description=etcd member (GardenOS)
                After=network-online.target
                Wants=network-online.target

                [Service]
                # etcd tells systemd when it has joined its cluster
                Type=notify
                User=%s
                Group=%s
                ExecStart=%s --config-file %s
                Restart=on-failure
                RestartSec=5
                LimitNOFILE=65536
                TimeoutStartSec=120

                [Install]
                WantedBy=multi-user.target
                """.formatted(EtcdHostPaths.USER, EtcdHostPaths.USER, EtcdHostPaths.ETCD, EtcdHostPaths.CONFIG);
    }
}
