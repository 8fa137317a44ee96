package org.gardenos.k3s.api;

import com.google.gson.JsonParseException;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1Status;
import io.kubernetes.client.openapi.models.V1StatusCause;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns API failures into one clear line: {@code ACTION: forbidden (403): MESSAGE; HINT}. The API server's own
 * message (from its Status body) is kept because it names the user, verb and resource.
 */
public final class ApiErrors {
    private ApiErrors() {
    }

    public static KubernetesApiException of(String action, ApiException e) {
        if (e.getCode() == 0) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new KubernetesApiException(action + ": cannot reach the Kubernetes API: "
                    + oneLine(String.valueOf(cause.getMessage())), 0);
        }
        return of(action, e.getCode(), parseStatus(e.getResponseBody()));
    }

    public static KubernetesApiException of(String action, int code, V1Status status) {
        String message = status == null || status.getMessage() == null ? "" : status.getMessage();
        List<String> causes = new ArrayList<>();
        if (status != null && status.getDetails() != null && status.getDetails().getCauses() != null) {
            for (V1StatusCause c : status.getDetails().getCauses()) {
                String text = (c.getField() == null ? "" : c.getField() + ": ") + (c.getMessage() == null ? "" : c.getMessage());
                if (!text.isBlank() && !message.contains(text)) {
                    causes.add(text);
                }
            }
        }
        String detail = message + (causes.isEmpty() ? "" : (message.isEmpty() ? "" : " ") + "(" + String.join("; ", causes) + ")");
        String text = switch (code) {
            case 401 -> "unauthorized (401): " + detail + "; the kubeconfig's credentials are not accepted,"
                    + " fetch it again with 'gardenos kubeconfig'";
            case 403 -> "forbidden (403): " + detail + "; the kubeconfig's user lacks the RBAC permission for this";
            case 404 -> "not found (404): " + detail;
            case 409 -> "conflict (409): " + detail + "; someone else changed the object or owns these fields,"
                    + " run the converge again";
            case 422 -> "rejected as invalid (422): " + detail + "; the object breaks a rule of the API server";
            default -> "HTTP " + code + ": " + (detail.isEmpty() ? "no message" : detail);
        };
        return new KubernetesApiException(oneLine(action + ": " + text), code);
    }

    static V1Status parseStatus(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.deserialize(body, V1Status.class);
        } catch (JsonParseException | IllegalArgumentException e) {
            // not a Status (a proxy's HTML page, say): keep a short piece of the body
            return new V1Status().message(body.length() > 200 ? body.substring(0, 200) + "..." : body);
        }
    }

    static String oneLine(String s) {
        return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
