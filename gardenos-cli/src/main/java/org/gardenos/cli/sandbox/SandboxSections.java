package org.gardenos.cli.sandbox;

import java.util.Map;
import org.gardenos.nspawn.images.PatroniImage;

/**
 * The sections of the sandbox's inventory after {@code cluster}, {@code ssh} and {@code hosts} (pure text, no I/O):
 * <ul>
 * <li>{@code etcd}: the release tarball made of this machine's Debian binaries (the hosts reach no network);</li>
 * <li>{@code k3s}: only the pod and Service networks of the Kubernetes that runs in place of K3s, so layers that
 *     read them (the postgres layer's pg_hba) see the real ones;</li>
 * <li>{@code postgres}: the patroni flavor with the image {@code sandbox up} builds and imports
 *     ({@link PatroniImage#REFERENCE}), three members on the node's static local volumes (StorageClass
 *     {@code local-static}, the cluster's default; four volumes of 1Gi: anti-affinity is only preferred, so the three share the one node),
 *     small requests, and {@code nodes}: the Kubernetes node by name and address on the hosts' bridge, since it is
 *     not one of the inventory's hosts, so HAProxy on the lb host forwards to its NodePorts (and {@code postgres url}
 *     through the lb host reaches the cluster). Patroni keeps its leader lock in the sandbox hosts' etcd (the etcd
 *     layer).</li>
 * </ul>
 */
final class SandboxSections {
    static final int POSTGRES_MEMBERS = 3;

    private SandboxSections() {
    }

    /** {@code nodes}: each Kubernetes node's name and address, in order. */
    static String render(String etcdVersion, String etcdArtifact, String etcdSha256, String clusterCidr,
                         String serviceCidr, String storageClass, Map<String, String> nodes) {
        StringBuilder nodeItems = new StringBuilder();
        nodes.forEach((name, address) -> nodeItems.append("    - {name: ").append(name).append(", address: ")
                .append(address).append("}\n"));
        return "etcd:\n  version: " + quoted(etcdVersion) + "\n  artifact: " + quoted(etcdArtifact) + "\n  sha256: "
                + quoted(etcdSha256) + "\n"
                + "# the Kubernetes running in place of K3s (the k3s layer is not applied in the sandbox)\n"
                + "k3s:\n  clusterCidr: " + clusterCidr + "\n  serviceCidr: " + serviceCidr + "\n"
                + "# gardenos -f THIS_FILE apply postgres: Patroni in the sandbox's Kubernetes, on the hosts' etcd\n"
                + "postgres:\n"
                + "  flavor: patroni\n"
                + "  image: " + PatroniImage.REFERENCE + "\n"
                + "  replicas: " + POSTGRES_MEMBERS + "\n"
                + "  volume: {size: 1Gi, storageClass: " + storageClass + "}\n"
                + "  resources: {requests: {cpu: 100m, memory: 256Mi}, limits: {memory: 512Mi}}\n"
                + "  # the Kubernetes node is not one of the hosts: HAProxy on the lb host forwards to its NodePorts\n"
                + "  nodes:\n" + nodeItems;
    }

    /**
     * A YAML single-quoted scalar: a digest of digits only stays a string, a path with {@code :} or {@code #} (the
     * state directory is the user's choice) stays one value.
     */
    static String quoted(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
