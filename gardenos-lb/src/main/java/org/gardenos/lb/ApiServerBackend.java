package org.gardenos.lb;

import java.util.regex.Pattern;

/** One K3s server behind the load balancer: its inventory name (the HAProxy server name), address and API port. */
public record ApiServerBackend(String name, String address, int port) {
    private static final Pattern HAPROXY_NAME = Pattern.compile("[A-Za-z0-9_.:-]+");

    public ApiServerBackend {
        if (!HAPROXY_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("server name '" + name + "' is not a valid HAProxy server name");
        }
        if (address.isBlank() || address.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("server address '" + address + "' is empty or has whitespace");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("server port " + port + " is outside 1-65535");
        }
    }
}
