package org.gardenos.k3s.manifest;

import io.kubernetes.client.common.KubernetesObject;

/**
 * One validated Kubernetes object: its kind entry, the typed model (checked against client-java's schema) and
 * where it came from. Namespaced objects always carry their namespace (checked), so a server-side apply never
 * falls back to the cluster-scoped path.
 */
public record Manifest(KubeKind kind, KubernetesObject object, String source) {
    public String name() {
        return object.getMetadata().getName();
    }

    public String namespace() {
        return object.getMetadata().getNamespace();
    }

    /** {@code Kind/name} or {@code Kind namespace/name}, as messages print it. */
    public String describe() {
        return kind.kind() + " " + (kind.namespaced() ? namespace() + "/" : "") + name();
    }
}
