package org.gardenos.postgres.render;

import com.google.gson.JsonParseException;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudgetSpec;
import org.gardenos.k3s.manifest.InvalidManifestException;
import org.gardenos.postgres.model.PatroniCluster;

/**
 * The PodDisruptionBudget (at most one member evicted at a time) in the two API versions a cluster may serve:
 * {@code policy/v1} (Kubernetes 1.21+) and {@code policy/v1beta1} (up to 1.24; the testkit's 1.20 has only this one).
 * Which one is applied is decided by discovery at apply time. client-java 27 has no v1beta1 model; the two versions
 * have the same fields GardenOS sets (spec.maxUnavailable, spec.selector), so both renderings are checked against the
 * v1 model. {@link org.gardenos.k3s.manifest.KubeKind} does not list PodDisruptionBudget yet, hence this own check.
 */
public final class PodDisruptionBudgets {
    public static final String POLICY_V1 = "policy/v1";
    public static final String POLICY_V1BETA1 = "policy/v1beta1";

    private PodDisruptionBudgets() {
    }

    /** The budget as JSON in the given API version, schema-checked. */
    public static String render(PatroniCluster c, String apiVersion) {
        if (!apiVersion.equals(POLICY_V1) && !apiVersion.equals(POLICY_V1BETA1)) {
            throw new IllegalArgumentException("no PodDisruptionBudget in " + apiVersion);
        }
        V1PodDisruptionBudget pdb = new V1PodDisruptionBudget().apiVersion(apiVersion).kind("PodDisruptionBudget")
                .metadata(Metadata.of(c, c.scope()))
                .spec(new V1PodDisruptionBudgetSpec()
                        .maxUnavailable(new IntOrString(1))
                        .selector(new V1LabelSelector().matchLabels(c.selector())));
        String json = JSON.serialize(pdb);
        validate(json);
        return json;
    }

    /** Strict deserialization into the typed model: unknown or missing required fields are refused. */
    static V1PodDisruptionBudget validate(String json) {
        try {
            return JSON.deserialize(json, V1PodDisruptionBudget.class);
        } catch (IllegalArgumentException | JsonParseException e) {
            throw new InvalidManifestException("PodDisruptionBudget: " + e.getMessage());
        }
    }
}
