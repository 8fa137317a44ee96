package org.gardenos.k3s.api;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.PolicyApi;
import io.kubernetes.client.openapi.models.V1APIGroup;
import io.kubernetes.client.openapi.models.V1GroupVersionForDiscovery;
import java.util.List;

/**
 * Which API version of the {@code policy} group to write a PodDisruptionBudget in, chosen by discovery: there is
 * no version both ends of GardenOS's range serve. Kubernetes 1.20 (and K3s of that line) serves only
 * {@code policy/v1beta1}; {@code policy/v1} exists from 1.21 and {@code v1beta1} is gone from 1.25 (current K3s is
 * 1.31+). Measured: the testkit's real 1.20.2 cluster answers {@code v1beta1}.
 */
public enum PolicyApiVersion {
    V1("policy/v1"),
    V1BETA1("policy/v1beta1");

    private final String apiVersion;

    PolicyApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    public String apiVersion() {
        return apiVersion;
    }

    /** Asks the server ({@code GET /apis/policy}); prefers {@code v1}; fails clearly when neither is served. */
    public static PolicyApiVersion discover(ApiClient client) {
        V1APIGroup group;
        try {
            group = new PolicyApi(client).getAPIGroup().execute();
        } catch (ApiException e) {
            throw ApiErrors.of("discover the policy API group", e);
        }
        List<String> served = group.getVersions() == null ? List.of()
                : group.getVersions().stream().map(V1GroupVersionForDiscovery::getVersion).toList();
        return choose(served);
    }

    static PolicyApiVersion choose(List<String> servedVersions) {
        if (servedVersions.contains("v1")) {
            return V1;
        }
        if (servedVersions.contains("v1beta1")) {
            return V1BETA1;
        }
        throw new KubernetesApiException("discover the policy API group: the server serves " + servedVersions
                + ", neither policy/v1 nor policy/v1beta1; PodDisruptionBudgets cannot be written", 0);
    }

    /** A PodDisruptionBudget in this version; the fields used are the same in both. */
    public String renderPodDisruptionBudget(String namespace, String name, String appLabel, int minAvailable) {
        return "apiVersion: " + apiVersion + "\n"
                + "kind: PodDisruptionBudget\n"
                + "metadata: {name: " + name + ", namespace: " + namespace + "}\n"
                + "spec:\n"
                + "  minAvailable: " + minAvailable + "\n"
                + "  selector: {matchLabels: {app: " + appLabel + "}}\n";
    }
}
