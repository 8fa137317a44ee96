package org.gardenos.k3s.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.JSON;
import org.gardenos.k3s.manifest.Manifest;
import org.gardenos.k3s.manifest.ManifestValidator;
import org.junit.jupiter.api.Test;

/**
 * The apply body leaves out the empty lists client-java's models start with: Kubernetes 1.20 refused the whole
 * apply over them ("field not declared in schema", found on the testkit's real cluster), and an empty
 * {@code managedFields} in a write would reset the object's field ownership.
 */
class ServerSideApplierBodyTest {
    @Test
    void emptyListsAreLeftOutAndEverythingWrittenStays() {
        Manifest m = ManifestValidator.validate("test", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: apps}
                spec:
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                      - name: web
                        image: gardenos.test/web:1
                        args: [serve]
                        volumeMounts: [{name: scratch, mountPath: /tmp}]
                      volumes: [{name: scratch, emptyDir: {}}]
                """).get(0);

        String body = ServerSideApplier.withoutEmptyLists(JSON.serialize(m.object()));

        assertThat(body).doesNotContain("[]").doesNotContain("managedFields").doesNotContain("schedulingGates")
                .contains("\"args\":[\"serve\"]").contains("\"emptyDir\":{}").contains("\"image\":\"gardenos.test/web:1\"");
    }
}
