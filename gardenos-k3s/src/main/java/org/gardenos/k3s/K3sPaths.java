package org.gardenos.k3s;

/** Where GardenOS puts K3s's files on a host. Kept in one place: renders, layers and tests all refer here. */
public final class K3sPaths {
    public static final String BINARY = "/usr/local/bin/k3s";
    public static final String CONFIG_DIR = "/etc/rancher/k3s";
    /** Read by K3s by default; holds no secret (the token lives in {@link #ENV_FILE}). */
    public static final String CONFIG = CONFIG_DIR + "/config.yaml";
    /** {@code K3S_TOKEN=...}: mode 0600 root, read by systemd through {@code EnvironmentFile=}. */
    public static final String ENV_FILE = CONFIG_DIR + "/k3s.env";
    /** The admin kubeconfig K3s writes on servers (client key inside: mode 0600). */
    public static final String KUBECONFIG = CONFIG_DIR + "/k3s.yaml";
    public static final String ETCD_DIR = CONFIG_DIR + "/etcd";
    public static final String ETCD_CA = ETCD_DIR + "/ca.crt";
    public static final String ETCD_CERT = ETCD_DIR + "/client.crt";
    public static final String ETCD_KEY = ETCD_DIR + "/client.key";
    public static final String UNIT_NAME = "gardenos-k3s.service";
    public static final String UNIT = "/etc/systemd/system/" + UNIT_NAME;

    private K3sPaths() {
    }
}
