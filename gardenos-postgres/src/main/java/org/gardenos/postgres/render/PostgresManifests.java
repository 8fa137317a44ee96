package org.gardenos.postgres.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1Secret;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gardenos.k3s.yaml.Yamls;
import org.gardenos.k3s.manifest.KubeKind;
import org.gardenos.k3s.manifest.Manifest;
import org.gardenos.k3s.manifest.ManifestValidator;
import org.gardenos.postgres.model.PatroniCluster;
import org.gardenos.postgres.model.SecretValues;
import org.gardenos.postgres.settings.Flavor;

/**
 * Renders every object of the postgres layer from the model, in apply order (namespace, identity and RBAC, secrets,
 * configuration, services, StatefulSet), and puts each through the k3s layer's {@link ManifestValidator}: the typed
 * client-java schema check that every applied manifest passes. Pure: no cluster, no I/O besides the classpath.
 */
public final class PostgresManifests {
    public static final String SOURCE = "postgres";

    private PostgresManifests() {
    }

    /** The rendered objects; the PodDisruptionBudget comes separately since its API version is discovered. */
    public record Rendered(List<Manifest> manifests, String configHash) {
        public Rendered {
            manifests = List.copyOf(manifests);
        }

        /** Everything but the Secrets: what may be printed, logged or put in a debug archive as it is. */
        public List<Manifest> withoutSecrets() {
            return manifests.stream().filter(m -> m.kind() != KubeKind.SECRET).toList();
        }

        public List<Manifest> secrets() {
            return manifests.stream().filter(m -> m.kind() == KubeKind.SECRET).toList();
        }

        /**
         * Every object as one multi-document YAML, each Secret with its keys but every value replaced by
         * {@link #REDACTED}: what {@code postgres debug} puts in its archive and what may be shown to a user.
         */
        public String redactedYaml() {
            StringBuilder yaml = new StringBuilder();
            for (Manifest m : manifests) {
                KubernetesObject object = m.object();
                if (object instanceof V1Secret secret) {
                    V1Secret copy = JSON.deserialize(JSON.serialize(secret), V1Secret.class);
                    Map<String, byte[]> data = new LinkedHashMap<>();
                    secret.getData().keySet().forEach(k -> data.put(k, REDACTED.getBytes(StandardCharsets.UTF_8)));
                    object = copy.data(data);
                }
                yaml.append("---\n").append(toYaml(object));
            }
            return yaml.toString();
        }
    }

    /** What a secret value reads as in {@link Rendered#redactedYaml()} (base64 of the word, as Secret data is). */
    public static final String REDACTED = "<redacted>";

    public static Rendered render(PatroniCluster c, SecretValues values) {
        String configHash = configHash(c, values);
        List<KubernetesObject> objects = new ArrayList<>();
        objects.add(ClusterObjects.namespace(c));
        objects.add(RbacRenderer.serviceAccount(c));
        objects.add(RbacRenderer.role(c));
        objects.add(RbacRenderer.roleBinding(c));
        objects.addAll(SecretsRenderer.render(c, values));
        if (c.flavor() == Flavor.PATRONI) {
            objects.add(ClusterObjects.configMap(c));
        }
        objects.addAll(ServicesRenderer.render(c));
        objects.add(StatefulSetRenderer.render(c, configHash));
        StringBuilder yaml = new StringBuilder();
        for (KubernetesObject object : objects) {
            yaml.append("---\n").append(toYaml(object));
        }
        return new Rendered(ManifestValidator.validate(SOURCE, yaml.toString()), configHash);
    }

    /** Typed object to YAML via client-java's own serializer, which writes the model exactly as it is typed. */
    static String toYaml(KubernetesObject object) {
        try {
            return Yamls.write(Yamls.JSON.readTree(JSON.serialize(object)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The digest of the configuration the pods read at start (patroni.yml, callback and launcher, or Spilo's configuration
     * without the REST password): a change rolls the StatefulSet, an unchanged one leaves it alone. The etcd login's
     * password counts too, by its own digest: Patroni reads it only at start, and once etcd holds a rotated one, a
     * Patroni still on the old one fails its next login when its token expires (5 minutes), so the pods must restart.
     */
    static String configHash(PatroniCluster c, SecretValues values) {
        String config = c.flavor() == Flavor.PATRONI
                ? PatroniConfig.yaml(PatroniConfig.patroniYml(c)) + ClusterObjects.roleLabelScript()
                        + PatroniEnvironment.launcherScript(c)
                : PatroniConfig.yaml(PatroniConfig.spiloConfiguration(c, "<restapi password>"));
        if (c.etcd().login().isPresent()) {
            config += "\netcd login " + sha256(sha256(values.etcdPassword()));
        }
        return sha256(config);
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
