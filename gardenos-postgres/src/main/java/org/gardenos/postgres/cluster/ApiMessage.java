package org.gardenos.postgres.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** The {@code message} of a Kubernetes {@code Status} answer, one line and at most 300 characters. */
final class ApiMessage {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ApiMessage() {
    }

    static String of(String body) {
        String message;
        try {
            message = MAPPER.readTree(body).path("message").asText("");
        } catch (IOException e) {
            message = "";
        }
        message = message.isEmpty() ? "(no message)" : message.replaceAll("\\s+", " ");
        return message.length() > 300 ? message.substring(0, 300) + "..." : message;
    }
}
