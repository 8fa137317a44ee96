package org.gardenos.lb;

import java.util.List;
import org.gardenos.error.InputException;
import org.gardenos.inventory.Inventory;
import org.gardenos.lb.settings.LoadBalancerSettings;

/**
 * The HAProxy in front of the Kubernetes API, as a value: a TCP frontend on {@code apiPort} spread over every K3s
 * server, and a password-protected stats page on {@code statsPort}. {@link HaproxyConfigRenderer} turns it into
 * haproxy.cfg. The stats password makes the rendered file a secret: it is installed 0640 root:haproxy.
 */
public record HaproxyConfig(String bindAddress, int apiPort, int statsPort, String statsUser, String statsPassword,
                            List<ApiServerBackend> servers, HealthCheck healthCheck, HaproxyProcess process) {
    public static final String STATS_USER = "gardenos";
    public static final String STATS_PATH = "/stats";

    public HaproxyConfig {
        servers = List.copyOf(servers);
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("the load balancer needs at least one API server");
        }
        if (apiPort == statsPort) {
            throw new IllegalArgumentException("API port and stats port are both " + apiPort);
        }
        if (statsPassword.isEmpty() || !statsPassword.chars().allMatch(Character::isLetterOrDigit)) {
            // anything else would need quoting in the config line and could break out of it
            throw new IllegalArgumentException("the stats password must be letters and digits only");
        }
    }

    /**
     * The load balancer the inventory describes, in front of {@code servers} (from {@link LoadBalancedBackends}).
     * Bad combinations are input errors (exit 2), found here before anything is rendered or installed.
     */
    public static HaproxyConfig forInventory(Inventory inventory, List<ApiServerBackend> servers, String statsPassword) {
        validate(inventory);
        LoadBalancerSettings lb = inventory.section(LoadBalancerSettings.class);
        return new HaproxyConfig("*", lb.apiPort(), lb.statsPort(), STATS_USER, statsPassword, servers,
                HealthCheck.DEFAULT, HaproxyProcess.DEBIAN);
    }

    /** The load balancer's own problems as one {@link InputException}; nothing when fine. */
    public static void validate(Inventory inventory) {
        LoadBalancerSettings lb = inventory.section(LoadBalancerSettings.class);
        if (lb.apiPort() == lb.statsPort()) {
            String where = inventory.file() == null ? "inventory" : inventory.file().toString();
            throw new InputException(where + ": loadBalancer.statsPort: " + lb.statsPort()
                    + " is also loadBalancer.apiPort; pick another port");
        }
    }

    public HaproxyConfig withProcess(HaproxyProcess newProcess) {
        return new HaproxyConfig(bindAddress, apiPort, statsPort, statsUser, statsPassword, servers, healthCheck, newProcess);
    }

    public HaproxyConfig withBindAddress(String address) {
        return new HaproxyConfig(address, apiPort, statsPort, statsUser, statsPassword, servers, healthCheck, process);
    }

    public HaproxyConfig withHealthCheck(HealthCheck check) {
        return new HaproxyConfig(bindAddress, apiPort, statsPort, statsUser, statsPassword, servers, check, process);
    }

    public String render() {
        return HaproxyConfigRenderer.render(this);
    }

    /** Never shows the password: records print every component, and configs end up in logs. */
    @Override
    public String toString() {
        return "HaproxyConfig[bind=" + bindAddress + ", apiPort=" + apiPort + ", statsPort=" + statsPort
                + ", statsUser=" + statsUser + ", statsPassword=<redacted>, servers=" + servers
                + ", healthCheck=" + healthCheck + "]";
    }
}
