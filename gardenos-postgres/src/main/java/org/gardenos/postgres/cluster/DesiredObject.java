package org.gardenos.postgres.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.gardenos.k3s.manifest.KubeKind;
import org.gardenos.k3s.manifest.Manifest;

/**
 * One object as it will be applied: its API path and the apply body (empty arrays stripped, {@link ApplyBody}),
 * carrying the annotation {@value #APPLIED} = SHA-256 of the body without it. Comparing that annotation on the live
 * object tells plan and a second apply whether GardenOS's rendering changed, object by object, without reading any
 * Secret value back (a hand edit of another field is not seen, and is taken back by the next changed render).
 */
public record DesiredObject(String describe, String path, String body, String digest) {
    public static final String APPLIED = "gardenos.org/applied-sha256";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static DesiredObject of(Manifest m) {
        KubeKind kind = m.kind();
        String base = kind.group().isEmpty() ? "/api/" + kind.version() : "/apis/" + kind.group() + "/" + kind.version();
        String path = base + (kind.namespaced() ? "/namespaces/" + m.namespace() : "") + "/" + kind.plural() + "/"
                + m.name();
        return annotated(m.describe(), path, ApplyBody.of(m.object()));
    }

    /** An object outside {@link KubeKind} (the PodDisruptionBudget, whose version is discovered). */
    public static DesiredObject of(String describe, String path, String json) {
        return annotated(describe, path, ApplyBody.of(json));
    }

    private static DesiredObject annotated(String describe, String path, String body) {
        String digest = sha256(body);
        try {
            ObjectNode tree = (ObjectNode) MAPPER.readTree(body);
            ObjectNode metadata = tree.with("metadata");
            metadata.with("annotations").put(APPLIED, digest);
            return new DesiredObject(describe, path, MAPPER.writeValueAsString(tree), digest);
        } catch (IOException e) {
            throw new IllegalArgumentException(describe + ": " + e.getMessage(), e);
        }
    }

    /** The digest on a live object's JSON, "" when absent. */
    public static String appliedDigest(String liveJson) {
        try {
            JsonNode value = MAPPER.readTree(liveJson).path("metadata").path("annotations").path(APPLIED);
            return value.isTextual() ? value.asText() : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public String toString() {
        return "DesiredObject[" + describe + "]";
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
