package org.gardenos.postgres.render;

import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gardenos.postgres.model.PatroniCluster;

/** The namespace and the patroni flavor's ConfigMap (patroni.yml without secrets, the role-label callback and
 * the launcher that reads the passwords from files). */
final class ClusterObjects {
    private ClusterObjects() {
    }

    static V1Namespace namespace(PatroniCluster c) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/managed-by", "gardenos");
        return new V1Namespace().apiVersion("v1").kind("Namespace")
                .metadata(new V1ObjectMeta().name(c.namespace()).labels(labels));
    }

    static V1ConfigMap configMap(PatroniCluster c) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(PatroniConfig.FILE, PatroniConfig.yaml(PatroniConfig.patroniYml(c)));
        data.put(PatroniConfig.ROLE_LABEL_SCRIPT, roleLabelScript());
        data.put(PatroniEnvironment.LAUNCHER, PatroniEnvironment.launcherScript(c));
        return new V1ConfigMap().apiVersion("v1").kind("ConfigMap").metadata(Metadata.of(c, c.configMap())).data(data);
    }

    static String roleLabelScript() {
        try (InputStream in = ClusterObjects.class.getResourceAsStream(PatroniConfig.ROLE_LABEL_SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(PatroniConfig.ROLE_LABEL_SCRIPT + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
