package org.gardenos.postgres.model;

/**
 * Where a flavor's image keeps things, and as whom it runs. The data directory is a subdirectory of the volume's
 * mount so that initdb creates it with mode 0700 itself: no chmod on a mount point (the journal's PGDATA failure),
 * no permission-fixing init container.
 */
public record PodLayout(String dataMount, String dataDirectory, String configDirectory, long runAsUser,
                        long runAsGroup, long fsGroup) {
    /** Where the etcd client certificate Secret is mounted (read-only, group-readable by fsGroup). */
    public String etcdTlsDirectory() {
        return configDirectory + "/etcd";
    }

    /**
     * Where the patroni flavor's ConfigMap (patroni.yml, the role-label callback) is mounted: a directory of its own,
     * because a ConfigMap volume is read-only and the Secrets' mount points cannot be created inside it.
     */
    public String configFileDirectory() {
        return configDirectory + "/config";
    }

    /**
     * Where the patroni flavor's password files are mounted (a projected volume of the password Secrets, 0440
     * root:fsGroup on the kubelet's tmpfs): the launcher reads them, so no password is in the container's spec.
     */
    public String passwordDirectory() {
        return configDirectory + "/passwords";
    }

    /** Where the PostgreSQL server certificate Secret is mounted. */
    public String serverTlsDirectory() {
        return configDirectory + "/tls";
    }
}
