package org.gardenos.nspawn.kubernetes;

import java.util.List;

/**
 * How PVCs bind in the test cluster: static {@code local} PersistentVolumes, directories on the nodes, offered by
 * the StorageClass {@value #STORAGE_CLASS} with provisioner {@code kubernetes.io/no-provisioner} and
 * {@code WaitForFirstConsumer} (a claim binds to a volume on the node its pod is scheduled to). K3s ships
 * local-path-provisioner as the default class instead; for tests this class is deliberately NOT default, so a claim
 * without a class stays Pending until a test (or GardenOS's check) makes one default; the sandbox makes it default,
 * so layers applied there get their claims bound as on K3s.
 */
final class LocalVolumes {
    static final String STORAGE_CLASS = "local-static";
    static final String CAPACITY = "1Gi";
    private static final String DIR = "/var/lib/gardenos-local-volumes";

    private LocalVolumes() {
    }

    /** Creates the StorageClass and {@code perNode} volumes on every node. */
    static void create(ApiServerClient api, List<KubernetesNode> nodes, int perNode, boolean isDefault) {
        api.apply("/apis/storage.k8s.io/v1/storageclasses/" + STORAGE_CLASS, """
                apiVersion: storage.k8s.io/v1
                kind: StorageClass
                metadata:
                  name: %s
                  labels: {app.kubernetes.io/managed-by: gardenos-testkit}
                  annotations: {storageclass.kubernetes.io/is-default-class: "%s"}
                provisioner: kubernetes.io/no-provisioner
                volumeBindingMode: WaitForFirstConsumer
                reclaimPolicy: Delete
                """.formatted(STORAGE_CLASS, isDefault));
        for (KubernetesNode n : nodes) {
            StringBuilder mkdirs = new StringBuilder("mkdir -p");
            for (int i = 1; i <= perNode; i++) {
                mkdirs.append(' ').append(DIR).append("/vol").append(i);
            }
            n.exec(mkdirs.toString());
            for (int i = 1; i <= perNode; i++) {
                String name = n.name() + "-vol" + i;
                api.apply("/api/v1/persistentvolumes/" + name, """
                        apiVersion: v1
                        kind: PersistentVolume
                        metadata:
                          name: %s
                          labels: {app.kubernetes.io/managed-by: gardenos-testkit}
                        spec:
                          capacity: {storage: %s}
                          accessModes: [ReadWriteOnce]
                          persistentVolumeReclaimPolicy: Retain
                          storageClassName: %s
                          local: {path: %s/vol%d}
                          nodeAffinity:
                            required:
                              nodeSelectorTerms:
                              - matchExpressions:
                                - {key: kubernetes.io/hostname, operator: In, values: [%s]}
                        """.formatted(name, CAPACITY, STORAGE_CLASS, DIR, i, n.name()));
            }
        }
    }
}
