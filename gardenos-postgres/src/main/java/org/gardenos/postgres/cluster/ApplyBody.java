package org.gardenos.postgres.cluster;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.JSON;
import org.gardenos.k3s.api.ServerSideApplier;

/**
 * The body of a server-side apply: the rendered object's JSON without the empty lists client-java 27's models write
 * for fields nobody set ({@code schedulingGates: []}, ...), which a Kubernetes 1.20 server refuses; the k3s layer's
 * {@link ServerSideApplier#withoutEmptyLists} does the pruning, so both layers send the same shape.
 */
public final class ApplyBody {
    private ApplyBody() {
    }

    public static String of(KubernetesObject object) {
        return of(JSON.serialize(object));
    }

    public static String of(String json) {
        return ServerSideApplier.withoutEmptyLists(json);
    }
}
