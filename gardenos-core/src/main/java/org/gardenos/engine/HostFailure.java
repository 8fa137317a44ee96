package org.gardenos.engine;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Why a host stopped: the step that failed and a one-line message (for a command: host, command, exit code and
 * stderr). {@code resource} is {@code connect} when the host could not be reached at all.
 */
@JsonPropertyOrder({"host", "layer", "resource", "message"})
public record HostFailure(String host, String layer, String resource, String message) {
    /** The resource name used when connecting to the host failed. */
    public static final String CONNECT = "connect";

    /** One line for a terminal: {@code node-2 [base] file:/etc/hostname: <message>}. */
    public String line() {
        return host + " [" + layer + "] " + resource + ": " + message;
    }
}
