package org.gardenos.k3s.kubeconfig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.gardenos.error.GardenException;
import org.gardenos.k3s.yaml.Yamls;
import org.gardenos.remote.Printable;

/**
 * The only parts of a kubeconfig GardenOS did not write that it keeps: the cluster's CA, the client certificate and
 * the client key (all inline data), plus the server URL. Why so strict: a kubeconfig can make its reader run a
 * program ({@code users[].user.exec}, {@code auth-provider}), read a file ({@code tokenFile}) or trust any server
 * ({@code insecure-skip-tls-verify}); a compromised server's {@code k3s.yaml} must not reach the admin machine
 * with any of that. Every key outside the short lists below is refused with one line naming where it came from.
 */
public record KubeconfigCredentials(String server, String caData, String clientCertData, String clientKeyData) {
    private static final Set<String> ROOT = Set.of("apiVersion", "kind", "clusters", "contexts", "users",
            "current-context", "preferences");
    private static final Set<String> NAMED_CLUSTER = Set.of("name", "cluster");
    private static final Set<String> CLUSTER = Set.of("server", "certificate-authority-data");
    private static final Set<String> NAMED_USER = Set.of("name", "user");
    private static final Set<String> USER = Set.of("client-certificate-data", "client-key-data");
    private static final Set<String> NAMED_CONTEXT = Set.of("name", "context");
    private static final Set<String> CONTEXT = Set.of("cluster", "user");
    private static final String WHY = " (GardenOS keeps only the CA, client certificate and client key data of a"
            + " kubeconfig it did not write)";

    /**
     * The credentials of {@code yaml}, which must have exactly one cluster, user and context and nothing else.
     *
     * @param origin where it came from, e.g. {@code s1:/etc/rancher/k3s/k3s.yaml}; starts every message
     * @throws GardenException one line naming {@code origin} and the refused key path
     */
    public static KubeconfigCredentials read(String yaml, String origin) {
        ObjectNode root = parse(yaml, origin);
        onlyKeys(root, ROOT, "", origin);
        JsonNode prefs = root.get("preferences");
        if (prefs != null && !(prefs.isObject() && prefs.isEmpty()) && !prefs.isNull()) {
            throw refused(origin, "preferences");
        }
        ObjectNode cluster = single(root, "clusters", "cluster", NAMED_CLUSTER, CLUSTER, origin);
        ObjectNode user = single(root, "users", "user", NAMED_USER, USER, origin);
        single(root, "contexts", "context", NAMED_CONTEXT, CONTEXT, origin);
        return new KubeconfigCredentials(
                text(cluster, "server", "clusters[0].cluster.server", origin),
                base64(cluster, "certificate-authority-data", "clusters[0].cluster", origin),
                base64(user, "client-certificate-data", "users[0].user", origin),
                base64(user, "client-key-data", "users[0].user", origin));
    }

    /** A kubeconfig built from scratch: these credentials, {@code server}, everything named {@code name}. */
    public String render(String name, String serverUrl) {
        ObjectNode root = Yamls.MAPPER.createObjectNode().put("apiVersion", "v1");
        ObjectNode cluster = root.putArray("clusters").addObject();
        cluster.putObject("cluster").put("certificate-authority-data", caData).put("server", serverUrl);
        cluster.put("name", name);
        ObjectNode context = root.putArray("contexts").addObject();
        context.putObject("context").put("cluster", name).put("user", name);
        context.put("name", name);
        root.put("current-context", name).put("kind", "Config");
        root.putObject("preferences");
        ObjectNode user = root.putArray("users").addObject();
        user.put("name", name);
        user.putObject("user").put("client-certificate-data", clientCertData).put("client-key-data", clientKeyData);
        return Yamls.write(root);
    }

    @Override
    public String toString() {
        return "KubeconfigCredentials[server=" + server + ", keys redacted]";
    }

    private static ObjectNode parse(String yaml, String origin) {
        try {
            JsonNode node = Yamls.MAPPER.readTree(yaml);
            if (node == null || !node.isObject()) {
                throw new GardenException(origin + ": not a kubeconfig (expected a YAML mapping)");
            }
            return (ObjectNode) node;
        } catch (JsonProcessingException e) {
            throw new GardenException(origin + ": not valid YAML: " + e.getOriginalMessage().replace('\n', ' '));
        }
    }

    private static ObjectNode single(ObjectNode root, String listKey, String innerKey, Set<String> entryKeys,
            Set<String> innerKeys, String origin) {
        JsonNode list = root.get(listKey);
        if (list == null || !list.isArray()) {
            throw new GardenException(origin + ": not a kubeconfig: '" + listKey + "' is missing or not a list");
        }
        if (list.size() != 1) {
            throw new GardenException(origin + ": refused: " + listKey + " has " + list.size()
                    + " entries, expected exactly one as K3s writes it" + WHY);
        }
        String path = listKey + "[0]";
        JsonNode entry = list.get(0);
        if (!entry.isObject()) {
            throw new GardenException(origin + ": not a kubeconfig: " + path + " is not a mapping");
        }
        onlyKeys((ObjectNode) entry, entryKeys, path + ".", origin);
        JsonNode inner = entry.get(innerKey);
        if (inner == null || !inner.isObject()) {
            throw new GardenException(origin + ": not a kubeconfig: " + path + "." + innerKey + " is missing");
        }
        onlyKeys((ObjectNode) inner, innerKeys, path + "." + innerKey + ".", origin);
        return (ObjectNode) inner;
    }

    private static void onlyKeys(ObjectNode node, Set<String> allowed, String prefix, String origin) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            String key = it.next().getKey();
            if (!allowed.contains(key)) {
                throw refused(origin, prefix + key);
            }
        }
    }

    private static String text(ObjectNode node, String key, String path, String origin) {
        JsonNode v = node.get(key);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new GardenException(origin + ": not a kubeconfig: " + path + " is missing");
        }
        return v.asText();
    }

    private static String base64(ObjectNode node, String key, String parent, String origin) {
        String value = text(node, key, parent + "." + key, origin);
        try {
            Base64.getMimeDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new GardenException(origin + ": refused: " + parent + "." + key + " is not base64 data");
        }
        return value;
    }

    private static GardenException refused(String origin, String path) {
        return new GardenException(origin + ": refused: " + Printable.of(path) + " is not allowed" + WHY);
    }
}
