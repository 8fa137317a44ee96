package org.gardenos.engine;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Something a resource deliberately did not do on a host (e.g. {@code modprobe} in a container). Not a failure. */
@JsonPropertyOrder({"host", "layer", "resource", "message"})
public record HostWarning(String host, String layer, String resource, String message) {
    /** One line for a terminal: {@code node-2 [base] modules:overlay,br_netfilter: <message>}. */
    public String line() {
        return host + " [" + layer + "] " + resource + ": " + message;
    }
}
