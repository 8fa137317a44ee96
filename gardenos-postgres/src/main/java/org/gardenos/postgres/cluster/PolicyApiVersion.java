package org.gardenos.postgres.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.gardenos.postgres.api.KubeCalls;
import org.gardenos.postgres.render.PodDisruptionBudgets;

/**
 * Which PodDisruptionBudget API the cluster serves, by discovery ({@code GET /apis/policy}): {@code policy/v1} when
 * listed (1.21+), else {@code policy/v1beta1} (1.20). Small and local on purpose: the k3s module's shared
 * {@code PolicyApiVersion} (branch k8s) is not on main yet; replace this with it once it is.
 */
public final class PolicyApiVersion {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PolicyApiVersion() {
    }

    public static String discover(KubeCalls calls) {
        KubeCalls.Reply reply = calls.get("/apis/policy");
        return reply.ok() ? choose(reply.body()) : PodDisruptionBudgets.POLICY_V1BETA1;
    }

    static String choose(String apiGroupJson) {
        try {
            for (JsonNode v : MAPPER.readTree(apiGroupJson).path("versions")) {
                if (PodDisruptionBudgets.POLICY_V1.equals(v.path("groupVersion").asText())) {
                    return PodDisruptionBudgets.POLICY_V1;
                }
            }
        } catch (IOException e) {
            return PodDisruptionBudgets.POLICY_V1BETA1;
        }
        return PodDisruptionBudgets.POLICY_V1BETA1;
    }
}
