package org.gardenos.k3s;

import org.gardenos.k3s.kubeconfig.KubeconfigCredentials;
import org.gardenos.k3s.yaml.Yamls;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.gardenos.error.GardenException;
import org.gardenos.error.InputException;

/**
 * Kubeconfig handling, pure text in and out (plus one atomic file write). K3s writes {@code k3s.yaml} on a
 * server with one cluster, user and context all called {@code default} and the server {@code 127.0.0.1}.
 * GardenOS builds its own kubeconfig from scratch with only the CA and client key pair of that file
 * ({@link KubeconfigCredentials} refuses anything else), points it at the load balancer and names all three after
 * the cluster, so several GardenOS clusters
 * can sit side by side in {@code ~/.kube/config}. Kubeconfigs hold a client key: files are written 0600.
 */
public final class Kubeconfig {
    private static final String EXISTING = "existing kubeconfig";

    private Kubeconfig() {
    }

    /**
     * A kubeconfig built from scratch for {@code clusterName} at {@code endpoint}, keeping only the CA, client
     * certificate and client key data of K3s's {@code k3sYaml}; anything else in it (exec, auth-provider, tokens,
     * insecure-skip-tls-verify, proxy-url, extensions, more than one entry) is refused, see
     * {@link KubeconfigCredentials}.
     */
    public static String rewrite(String k3sYaml, String clusterName, ApiEndpoint endpoint, String origin) {
        return KubeconfigCredentials.read(k3sYaml, origin).render(clusterName, endpoint.url());
    }

    /**
     * {@code ours} (a rewritten kubeconfig) merged into {@code existing} (may be null or blank): entries named
     * {@code clusterName} are replaced, everything else is kept. The current context changes only when there was
     * none or {@code makeCurrent} is set.
     */
    public static String merge(String existing, String ours, String clusterName, boolean makeCurrent) {
        // rebuilt from scratch here too: the state directory's file could have been edited since GardenOS wrote it
        KubeconfigCredentials credentials = KubeconfigCredentials.read(ours, "GardenOS kubeconfig");
        ObjectNode mine = parse(credentials.render(clusterName, credentials.server()), "GardenOS kubeconfig");
        ObjectNode target = existing == null || existing.isBlank()
                ? Yamls.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "Config")
                : parse(existing, EXISTING);
        for (String section : new String[] {"clusters", "users", "contexts"}) {
            ArrayNode into = target.has(section) && target.get(section).isArray()
                    ? (ArrayNode) target.get(section) : target.putArray(section);
            for (int i = into.size() - 1; i >= 0; i--) {
                if (clusterName.equals(into.get(i).path("name").asText())) {
                    into.remove(i);
                }
            }
            for (JsonNode entry : list(mine, section, "GardenOS kubeconfig")) {
                into.add(entry);
            }
        }
        String current = target.path("current-context").asText("");
        if (makeCurrent || current.isEmpty()) {
            target.put("current-context", clusterName);
        }
        return Yamls.write(target);
    }

    /** Merges into the file at {@code path} (created with its directory when absent) and leaves it 0600. */
    public static void mergeInto(Path given, String ours, String clusterName, boolean makeCurrent) {
        try {
            // kubectl writes through a symlinked $KUBECONFIG to its target; replacing the link would lose it
            Path path = Files.isSymbolicLink(given) ? given.toRealPath() : given;
            String existing = Files.exists(path) ? Files.readString(path, StandardCharsets.UTF_8) : null;
            String merged;
            try {
                merged = merge(existing, ours, clusterName, makeCurrent);
            } catch (InputException e) {
                throw new InputException(e.getMessage().replace(EXISTING, path.toString()));
            }
            Path dir = path.toAbsolutePath().getParent();
            if (!Files.exists(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Path tmp = Files.createTempFile(dir, "." + path.getFileName(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(tmp, merged, StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update " + given + ": " + e.getMessage(), e);
        }
    }

    private static ObjectNode parse(String yaml, String origin) {
        try {
            JsonNode node = Yamls.MAPPER.readTree(yaml);
            if (node == null || !node.isObject()) {
                throw problem(origin, "not a kubeconfig (expected a YAML mapping)");
            }
            return (ObjectNode) node;
        } catch (JsonProcessingException e) {
            throw problem(origin, "not valid YAML: " + e.getOriginalMessage().replace('\n', ' '));
        }
    }

    private static ArrayNode list(ObjectNode root, String key, String origin) {
        JsonNode n = root.get(key);
        if (n == null || !n.isArray()) {
            throw problem(origin, "not a kubeconfig: '" + key + "' is missing or not a list");
        }
        return (ArrayNode) n;
    }

    /** The user's own kubeconfig is input (exit 2); a broken file fetched from a server is a runtime failure. */
    private static RuntimeException problem(String origin, String what) {
        return origin.equals(EXISTING) ? new InputException(origin + ": " + what) : new GardenException(origin + ": " + what);
    }
}
