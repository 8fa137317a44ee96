package org.gardenos.postgres.api;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.Pair;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.gardenos.k3s.api.KubernetesApiException;

/**
 * Raw calls to the Kubernetes API with the client's own authentication: GET, server-side apply PATCH and POST by
 * path. Every answer is read up to {@link #MAX_BYTES} and never beyond (Patroni's {@code /cluster} through the pod
 * proxy is data from the cluster, so untrusted).
 */
public final class KubeCalls {
    public static final int MAX_BYTES = 1 << 20;
    private static final String[] AUTH = {"BearerToken"};

    /** A status code and a bounded UTF-8 body. */
    public record Reply(int code, String body) {
        public boolean ok() {
            return code >= 200 && code < 300;
        }
    }

    private final ApiClient client;

    /** Calls through the admin kubeconfig the k3s layer keeps in the state directory, made when first used. */
    public static java.util.function.Supplier<KubeCalls> fromState(org.gardenos.k3s.api.KubernetesClients clients,
                                                                   org.gardenos.state.StateDir state) {
        return () -> new KubeCalls(clients.fromKubeconfig(state.resolve(
                org.gardenos.k3s.KubeconfigFetcher.STATE_FILE)));
    }

    public KubeCalls(ApiClient client) {
        this.client = client;
    }

    /** The client itself, for the k3s module's typed helpers (discovery). */
    public ApiClient client() {
        return client;
    }

    public Reply get(String path) {
        return call("GET", path, List.of(), null, Map.of("Accept", "application/json"));
    }

    /** Server-side apply of one object (field manager {@code gardenos}, force: GardenOS owns what it renders). */
    public Reply apply(String path, String jsonBody) {
        return call("PATCH", path, List.of(new Pair("fieldManager", "gardenos"), new Pair("force", "true")),
                jsonBody.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", V1Patch.PATCH_FORMAT_APPLY_YAML,
                        "Accept", "application/json"));
    }

    /** POST of a JSON text. */
    public Reply post(String path, String jsonBody, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Content-Type", "application/json");
        return call("POST", path, List.of(), jsonBody.getBytes(StandardCharsets.UTF_8), all);
    }

    /** Bodies go as bytes: the client sends them as they are, with the given content type. */
    private Reply call(String method, String path, List<Pair> query, Object body, Map<String, String> headers) {
        try (Response response = client.buildCall(null, path, method, query, List.of(), body, new HashMap<>(headers),
                new HashMap<>(), new HashMap<>(), AUTH, null).execute()) {
            return new Reply(response.code(), bounded(response.body()));
        } catch (IOException e) {
            throw new KubernetesApiException(method + " " + path + ": cannot reach the Kubernetes API: "
                    + e.getMessage(), 0);
        } catch (ApiException e) {
            throw new KubernetesApiException(method + " " + path + ": " + e.getMessage(), e.getCode());
        }
    }

    static String bounded(ResponseBody body) throws IOException {
        if (body == null) {
            return "";
        }
        okio.BufferedSource source = body.source();
        boolean tooLong = source.request(MAX_BYTES + 1L);
        if (tooLong) {
            throw new IOException("answer longer than " + MAX_BYTES + " bytes");
        }
        return source.getBuffer().readString(StandardCharsets.UTF_8);
    }
}
