package org.gardenos.postgres.render;

import io.kubernetes.client.openapi.models.V1ObjectMeta;
import org.gardenos.postgres.model.PatroniCluster;

/** Every object of the cluster carries its namespace (server-side apply needs it) and the cluster's labels. */
final class Metadata {
    private Metadata() {
    }

    static V1ObjectMeta of(PatroniCluster c, String name) {
        return new V1ObjectMeta().name(name).namespace(c.namespace()).labels(c.labels());
    }
}
