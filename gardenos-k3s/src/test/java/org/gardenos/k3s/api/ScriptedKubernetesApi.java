package org.gardenos.k3s.api;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1Status;
import io.kubernetes.client.openapi.models.V1StatusCause;
import io.kubernetes.client.openapi.models.V1StatusDetails;
import java.util.List;

/**
 * STAND-IN for a Kubernetes API server: WireMock on 127.0.0.1 answering with responses each test scripts.
 * It checks what GardenOS sends (paths, verbs, content types, query parameters, bodies); it proves nothing about
 * how a real API server would react. No K3s or Kubernetes API server can run here.
 */
public final class ScriptedKubernetesApi implements AutoCloseable {
    public final WireMockServer server;
    public final ApiClient client;

    public ScriptedKubernetesApi() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().templatingEnabled(true));
        server.start();
        client = new ApiClient().setBasePath("http://127.0.0.1:" + server.port());
    }

    public static String json(Object model) {
        return JSON.serialize(model);
    }

    /** A Status body as the API server sends it with an error. */
    public static String status(int code, String reason, String message, String... causes) {
        V1Status s = new V1Status().apiVersion("v1").kind("Status").status("Failure").code(code).reason(reason)
                .message(message);
        if (causes.length > 0) {
            V1StatusDetails d = new V1StatusDetails();
            for (int i = 0; i + 1 < causes.length; i += 2) {
                d.addCausesItem(new V1StatusCause().field(causes[i]).message(causes[i + 1]));
            }
            s.details(d);
        }
        return json(s);
    }

    static List<String> nothing() {
        return List.of();
    }

    @Override
    public void close() {
        server.stop();
    }
}
