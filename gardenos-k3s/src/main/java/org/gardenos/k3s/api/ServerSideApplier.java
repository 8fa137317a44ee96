package org.gardenos.k3s.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.options.PatchOptions;
import java.io.IOException;
import java.util.List;
import org.gardenos.k3s.manifest.KubeKind;
import org.gardenos.k3s.manifest.Manifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies validated manifests with server-side apply: {@code PATCH} with {@code application/apply-patch+yaml},
 * {@code fieldManager=gardenos}, {@code force=true} (GardenOS owns what it renders; a hand edit of the same
 * field is taken back). The path comes from {@link KubeKind} (plural and scope written out), and namespaced
 * objects are sent to their namespace's path — never to the cluster-scoped one.
 */
public final class ServerSideApplier {
    public static final String FIELD_MANAGER = "gardenos";
    private static final Logger LOG = LoggerFactory.getLogger(ServerSideApplier.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ApiClient client;

    public ServerSideApplier(ApiClient client) {
        this.client = client;
    }

    public void applyAll(List<Manifest> manifests) {
        for (Manifest m : manifests) {
            apply(m);
        }
    }

    public KubernetesObject apply(Manifest manifest) {
        KubeKind kind = manifest.kind();
        if (kind.namespaced() && (manifest.namespace() == null || manifest.namespace().isEmpty())) {
            throw new IllegalArgumentException(manifest.describe() + " has no namespace");
        }
        GenericKubernetesApi<KubernetesObject, KubernetesListObject> api = api(kind);
        PatchOptions options = new PatchOptions().fieldManager(FIELD_MANAGER).force(true);
        // JSON is YAML, and client-java's serializer writes the typed model as validated, minus the empty lists
        V1Patch body = new V1Patch(withoutEmptyLists(JSON.serialize(manifest.object())));
        KubernetesApiResponse<KubernetesObject> response;
        try {
            response = kind.namespaced()
                    ? api.patch(manifest.namespace(), manifest.name(), V1Patch.PATCH_FORMAT_APPLY_YAML, body, options)
                    : api.patch(manifest.name(), V1Patch.PATCH_FORMAT_APPLY_YAML, body, options);
        } catch (RuntimeException e) {
            // GenericKubernetesApi wraps transport failures (IOException) in a RuntimeException
            if (e.getCause() instanceof IOException io) {
                throw new KubernetesApiException("apply " + manifest.describe()
                        + ": cannot reach the Kubernetes API: " + ApiErrors.oneLine(String.valueOf(io.getMessage())), 0);
            }
            throw e;
        }
        if (!response.isSuccess()) {
            throw ApiErrors.of("apply " + manifest.describe(), response.getHttpStatusCode(), response.getStatus());
        }
        LOG.info("applied {}", manifest.describe());
        return response.getObject();
    }

    /**
     * client-java's models start every list empty, so the serializer writes fields nobody set
     * ({@code schedulingGates: []}, {@code resourceClaims: []}, {@code resizePolicy: []}); an older API server
     * that lacks those fields (Kubernetes 1.20, measured on the testkit's real cluster) refuses the whole apply
     * with "field not declared in schema". An empty list in an apply means nothing GardenOS needs: leave them out.
     * Empty objects stay ({@code emptyDir: {}} means something).
     */
    static String withoutEmptyLists(String json) {
        try {
            JsonNode tree = MAPPER.readTree(json);
            prune(tree);
            return MAPPER.writeValueAsString(tree);
        } catch (IOException e) {
            throw new IllegalStateException("client-java wrote JSON Jackson cannot read: " + e.getMessage(), e);
        }
    }

    private static void prune(JsonNode node) {
        if (node instanceof ObjectNode o) {
            List<String> empty = new java.util.ArrayList<>();
            o.fields().forEachRemaining(f -> {
                if (f.getValue().isArray() && f.getValue().isEmpty()) {
                    empty.add(f.getKey());
                } else {
                    prune(f.getValue());
                }
            });
            o.remove(empty);
        } else if (node instanceof ArrayNode a) {
            a.forEach(ServerSideApplier::prune);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private GenericKubernetesApi<KubernetesObject, KubernetesListObject> api(KubeKind kind) {
        return new GenericKubernetesApi(kind.type(), kind.listType(), kind.group(), kind.version(), kind.plural(), client);
    }
}
