package org.gardenos.inventory;

/** {@code loadBalancer:} section: the HAProxy in front of the Kubernetes API. */
public record LoadBalancerSettings(int apiPort, int statsPort) {
}
