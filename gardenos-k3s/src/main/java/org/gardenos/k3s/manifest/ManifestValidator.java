package org.gardenos.k3s.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.gson.JsonParseException;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.JSON;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The schema check every manifest GardenOS renders goes through before it is applied: YAML is converted to JSON
 * and deserialized into client-java's typed model with {@link JSON#deserialize}, which rejects unknown fields
 * and missing required fields (measured: {@code Yaml.load} alone accepts a container without a name). On top of
 * the schema: apiVersion/kind must be a {@link KubeKind}, every object has a name, namespaced objects have a
 * namespace and cluster-scoped ones have none.
 */
public final class ManifestValidator {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON_MAPPER = new ObjectMapper();

    private ManifestValidator() {
    }

    /** Validates every document of a (multi-document) YAML text; empty documents are skipped. */
    public static List<Manifest> validate(String source, String yaml) {
        List<Manifest> out = new ArrayList<>();
        int index = 0;
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (docs.hasNextValue()) {
                JsonNode doc = docs.nextValue();
                index++;
                if (doc == null || doc.isNull() || doc.isMissingNode() || (doc.isObject() && doc.isEmpty())) {
                    continue;
                }
                out.add(validateDocument(source, index, doc));
            }
        } catch (JsonProcessingException e) {
            throw new InvalidManifestException(source + ": document " + (index + 1) + ": not valid YAML: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidManifestException(source + ": cannot read: " + e.getMessage());
        }
        return List.copyOf(out);
    }

    private static Manifest validateDocument(String source, int index, JsonNode doc) {
        String where = source + ": document " + index;
        if (!doc.isObject()) {
            throw new InvalidManifestException(where + ": not a mapping");
        }
        String apiVersion = doc.path("apiVersion").asText("");
        String kindName = doc.path("kind").asText("");
        String name = doc.path("metadata").path("name").asText("");
        String namespace = doc.path("metadata").path("namespace").asText("");
        String label = where + " (" + (kindName.isEmpty() ? "?" : kindName) + " "
                + (namespace.isEmpty() ? "" : namespace + "/") + (name.isEmpty() ? "?" : name) + ")";
        Optional<KubeKind> known = KubeKind.of(apiVersion, kindName);
        if (known.isEmpty()) {
            String hint = KubeKind.ofKind(kindName).map(k -> "; " + kindName + " is " + k.apiVersion()).orElse("");
            throw new InvalidManifestException(label + ": apiVersion '" + apiVersion + "' kind '" + kindName
                    + "' is not a kind GardenOS can check" + hint);
        }
        KubeKind kind = known.get();
        if (name.isEmpty()) {
            throw new InvalidManifestException(label + ": metadata.name is missing");
        }
        if (kind.namespaced() && namespace.isEmpty()) {
            throw new InvalidManifestException(label + ": metadata.namespace is missing; a namespaced object without"
                    + " it would be applied to the wrong path");
        }
        if (!kind.namespaced() && !namespace.isEmpty()) {
            throw new InvalidManifestException(label + ": metadata.namespace is set on cluster-scoped " + kindName);
        }
        KubernetesObject typed;
        try {
            typed = JSON.deserialize(JSON_MAPPER.writeValueAsString(doc), kind.type());
        } catch (IllegalArgumentException | JsonParseException e) {
            throw new InvalidManifestException(label + ": " + firstLine(e.getMessage()));
        } catch (JsonProcessingException e) {
            throw new InvalidManifestException(label + ": cannot convert to JSON: " + e.getOriginalMessage());
        }
        return new Manifest(kind, typed, source);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "rejected by the schema";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
