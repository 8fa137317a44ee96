package org.gardenos.inventory;

/** Reads the {@code loadBalancer:} section (the HAProxy in front of the Kubernetes API). */
final class LoadBalancerSection {
    static final int DEFAULT_API_PORT = 6443;
    static final int DEFAULT_STATS_PORT = 8404;

    private LoadBalancerSection() {
    }

    static LoadBalancerSettings parse(Section loadBalancer) {
        int apiPort = loadBalancer.port("apiPort", DEFAULT_API_PORT);
        int statsPort = loadBalancer.port("statsPort", DEFAULT_STATS_PORT);
        loadBalancer.finish();
        return new LoadBalancerSettings(apiPort, statsPort);
    }
}
