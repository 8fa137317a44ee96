package org.gardenos.postgres.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.JSON;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The body of a server-side apply, made from the rendered object's JSON with every empty array removed. client-java
 * 27's typed models serialize lists they initialise as {@code []} (e.g. {@code schedulingGates}, fields newer than
 * Kubernetes 1.20), and an older API server refuses an apply that names a field its schema lacks. An empty list in an
 * apply would also claim ownership of a list GardenOS never sets. Empty objects stay: {@code emptyDir: {}} means
 * something.
 */
public final class ApplyBody {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ApplyBody() {
    }

    public static String of(KubernetesObject object) {
        return of(JSON.serialize(object));
    }

    public static String of(String json) {
        try {
            JsonNode tree = MAPPER.readTree(json);
            strip(tree);
            return MAPPER.writeValueAsString(tree);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("rendered object is not JSON: " + e.getMessage(), e);
        }
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> empty = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                strip(field.getValue());
                if (field.getValue() instanceof ArrayNode array && array.isEmpty()) {
                    empty.add(field.getKey());
                }
            }
            object.remove(empty);
        } else if (node instanceof ArrayNode array) {
            array.forEach(ApplyBody::strip);
        }
    }
}
