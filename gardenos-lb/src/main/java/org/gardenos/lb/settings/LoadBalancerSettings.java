package org.gardenos.lb.settings;

/** {@code loadBalancer:} section: the HAProxy in front of the Kubernetes API. */
public record LoadBalancerSettings(int apiPort, int statsPort) {
    /** Every key at its default (what an absent {@code loadBalancer:} section gives). */
    public static LoadBalancerSettings defaults() {
        return new LoadBalancerSettings(LoadBalancerSection.DEFAULT_API_PORT, LoadBalancerSection.DEFAULT_STATS_PORT);
    }
}
