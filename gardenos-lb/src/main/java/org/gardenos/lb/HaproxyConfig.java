package org.gardenos.lb;

import java.util.List;
import org.gardenos.error.InputException;
import org.gardenos.inventory.Inventory;
import org.gardenos.lb.settings.LoadBalancerSettings;

/**
 * The HAProxy in front of the Kubernetes API, as a value: a TCP frontend on {@code apiPort} spread over every K3s
 * server, and a password-protected stats page on {@code statsPort}, bound to the lb host's own address
 * ({@code statsBindAddress}) only. {@link HaproxyConfigRenderer} turns it into haproxy.cfg. The file holds only the
 * SHA-512 crypt hash of the stats password ({@link StatsPasswordHash}), never the password; it is still installed
 * 0640 root:haproxy.
 */
public record HaproxyConfig(String bindAddress, String statsBindAddress, int apiPort, int statsPort, String statsUser,
                            String statsPasswordHash, List<ApiServerBackend> servers, HealthCheck healthCheck,
                            HaproxyProcess process) {
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
        if (!StatsPasswordHash.FORM.matcher(statsPasswordHash).matches()) {
            // anything else could be a clear password, or break out of the config line
            throw new IllegalArgumentException("the stats password must be given as a SHA-512 crypt hash ($6$salt$hash)");
        }
        if (!statsBindAddress.matches("[0-9A-Fa-f.:]+")) {
            throw new IllegalArgumentException("the stats listener binds to the lb host's IP address, not '"
                    + statsBindAddress + "'");
        }
    }

    /**
     * The load balancer the inventory describes on the lb host at {@code hostAddress}, in front of {@code servers}
     * (from {@link LoadBalancedBackends}). The API listens on every address (clients reach it by whatever name the
     * certificate carries); the stats page only on the host's own address. Bad combinations are input errors
     * (exit 2), found here before anything is rendered or installed.
     */
    public static HaproxyConfig forInventory(Inventory inventory, List<ApiServerBackend> servers, String hostAddress,
                                             String statsPasswordHash) {
        validate(inventory);
        LoadBalancerSettings lb = inventory.section(LoadBalancerSettings.class);
        return new HaproxyConfig("*", hostAddress, lb.apiPort(), lb.statsPort(), STATS_USER, statsPasswordHash,
                servers, HealthCheck.DEFAULT, HaproxyProcess.DEBIAN);
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
        return new HaproxyConfig(bindAddress, statsBindAddress, apiPort, statsPort, statsUser, statsPasswordHash,
                servers, healthCheck, newProcess);
    }

    public HaproxyConfig withBindAddress(String address) {
        return new HaproxyConfig(address, statsBindAddress, apiPort, statsPort, statsUser, statsPasswordHash,
                servers, healthCheck, process);
    }

    public HaproxyConfig withHealthCheck(HealthCheck check) {
        return new HaproxyConfig(bindAddress, statsBindAddress, apiPort, statsPort, statsUser, statsPasswordHash,
                servers, check, process);
    }

    public String render() {
        return HaproxyConfigRenderer.render(this);
    }

    /** Never shows even the hash: records print every component, and configs end up in logs. */
    @Override
    public String toString() {
        return "HaproxyConfig[bind=" + bindAddress + ", statsBind=" + statsBindAddress + ", apiPort=" + apiPort
                + ", statsPort=" + statsPort + ", statsUser=" + statsUser + ", statsPasswordHash=<redacted>, servers=" + servers
                + ", healthCheck=" + healthCheck + "]";
    }
}
