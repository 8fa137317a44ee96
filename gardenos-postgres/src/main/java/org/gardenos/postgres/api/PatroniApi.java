package org.gardenos.postgres.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.nio.charset.StandardCharsets;
import org.gardenos.k3s.api.ParallelReads;
import org.gardenos.postgres.patroni.PatroniClusterView;

/**
 * Patroni's REST API (port {@value #PORT}) through the API server's pod proxy
 * ({@code /api/v1/namespaces/NS/pods/POD:8008/proxy/PATH}): no NodePort and no network path from the admin machine
 * to the pods is needed, only the kubeconfig. Answers are bounded ({@link KubeCalls}) and parsed as untrusted.
 */
public final class PatroniApi {
    public static final int PORT = 8008;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final KubeCalls calls;
    private final String namespace;

    public PatroniApi(KubeCalls calls, String namespace) {
        this.calls = calls;
        this.namespace = namespace;
    }

    static String proxyPath(String namespace, String pod, String path) {
        return "/api/v1/namespaces/" + namespace + "/pods/" + pod + ":" + PORT + "/proxy/" + path;
    }

    /** The cluster view from the first of {@code pods} that answers; empty (with the last reason) when none does. */
    public Result<PatroniClusterView> cluster(List<String> pods) {
        String last = "no member to ask";
        for (String pod : pods) {
            KubeCalls.Reply reply = calls.get(proxyPath(namespace, pod, "cluster"));
            if (reply.ok()) {
                try {
                    return Result.of(PatroniClusterView.parse(reply.body()));
                } catch (PatroniClusterView.InvalidViewException e) {
                    last = pod + ": " + e.getMessage();
                }
            } else {
                last = pod + ": HTTP " + reply.code() + " through the pod proxy";
            }
        }
        return Result.failed(last);
    }

    /**
     * Each pod's node ({@code spec.nodeName}), "" when the pod is missing or not scheduled. The pods are asked at
     * once (issue 13): {@link #cluster} has opened the connection they share. A failure is the first pod's in order.
     */
    public Map<String, String> nodes(List<String> pods) {
        try (ParallelReads reads = new ParallelReads("postgres-status", pods.size())) {
            List<Future<String>> answers = pods.stream().map(pod -> reads.start(() -> node(pod))).toList();
            Map<String, String> nodes = new LinkedHashMap<>();
            for (int i = 0; i < pods.size(); i++) {
                nodes.put(pods.get(i), ParallelReads.answer(answers.get(i)));
            }
            return nodes;
        }
    }

    private String node(String pod) {
        KubeCalls.Reply reply = calls.get("/api/v1/namespaces/" + namespace + "/pods/" + pod);
        if (!reply.ok()) {
            return "";
        }
        try {
            JsonNode name = MAPPER.readTree(reply.body()).path("spec").path("nodeName");
            return name.isTextual() && name.asText().matches("[a-z0-9.-]{1,253}") ? name.asText() : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /**
     * Patroni's {@code POST /switchover} on {@code pod} with {@code leader} and optional {@code candidate}, sent with
     * the REST API's basic-auth credentials (the API protects unsafe endpoints).
     */
    public KubeCalls.Reply switchover(String pod, String leader, Optional<String> candidate, String user,
                                      String password) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("leader", leader);
        candidate.ifPresent(c -> body.put("candidate", c));
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        String json;
        try {
            json = MAPPER.writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return calls.post(proxyPath(namespace, pod, "switchover"), json, Map.of("Authorization", "Basic " + basic));
    }

    /** A value or the reason there is none. */
    public record Result<T>(Optional<T> value, String reason) {
        static <T> Result<T> of(T value) {
            return new Result<>(Optional.of(value), "");
        }

        static <T> Result<T> failed(String reason) {
            return new Result<>(Optional.empty(), reason);
        }
    }
}
