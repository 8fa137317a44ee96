package org.gardenos.postgres.render;

import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1EnvVarSource;
import io.kubernetes.client.openapi.models.V1ObjectFieldSelector;
import io.kubernetes.client.openapi.models.V1SecretKeySelector;
import org.gardenos.postgres.model.SecretKeyRef;

/**
 * The three kinds of environment variable a pod of the cluster gets; a secret is only ever a secretKeyRef (Spilo only:
 * containerd keeps the resolved value in its 0644 meta.db, so the patroni flavor has no secret variable at all).
 */
final class EnvVars {
    private EnvVars() {
    }

    static V1EnvVar literal(String name, String value) {
        return new V1EnvVar().name(name).value(value);
    }

    static V1EnvVar secret(String name, SecretKeyRef ref) {
        return new V1EnvVar().name(name).valueFrom(new V1EnvVarSource()
                .secretKeyRef(new V1SecretKeySelector().name(ref.secret()).key(ref.key()).optional(false)));
    }

    /** A value from the pod itself ({@code metadata.name}, {@code metadata.namespace}, {@code status.podIP}). */
    static V1EnvVar field(String name, String fieldPath) {
        return new V1EnvVar().name(name).valueFrom(new V1EnvVarSource()
                .fieldRef(new V1ObjectFieldSelector().apiVersion("v1").fieldPath(fieldPath)));
    }
}
