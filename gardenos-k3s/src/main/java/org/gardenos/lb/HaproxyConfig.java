package org.gardenos.lb;

import java.util.ArrayList;
import java.util.List;
import org.gardenos.error.InputException;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.inventory.Role;

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
     * The load balancer the inventory describes: every host with role {@code server}, on {@code k3s.serverApiPort}.
     * Bad combinations are input errors (exit 2), found here before anything is rendered or installed.
     */
    public static HaproxyConfig forInventory(Inventory inventory, String statsPassword) {
        validate(inventory);
        List<ApiServerBackend> backends = inventory.hostsWith(Role.SERVER).stream()
                .map(h -> new ApiServerBackend(h.name(), h.address(), inventory.k3s().serverApiPort()))
                .toList();
        return new HaproxyConfig("*", inventory.loadBalancer().apiPort(), inventory.loadBalancer().statsPort(),
                STATS_USER, statsPassword, backends, HealthCheck.DEFAULT, HaproxyProcess.DEBIAN);
    }

    /** The inventory's load balancer problems as one {@link InputException} (one line each); nothing when fine. */
    public static void validate(Inventory inventory) {
        int apiPort = inventory.loadBalancer().apiPort();
        int statsPort = inventory.loadBalancer().statsPort();
        int serverPort = inventory.k3s().serverApiPort();
        String where = inventory.file() == null ? "inventory" : inventory.file().toString();
        List<String> problems = new ArrayList<>();
        List<HostSpec> servers = inventory.hostsWith(Role.SERVER);
        if (servers.isEmpty()) {
            problems.add(where + ": hosts: no host has role 'server'; the load balancer needs at least one K3s server");
        }
        if (apiPort == statsPort) {
            problems.add(where + ": loadBalancer.statsPort: " + statsPort + " is also loadBalancer.apiPort; pick another port");
        }
        for (HostSpec h : inventory.hosts()) {
            if (h.has(Role.LB) && h.has(Role.SERVER) && (serverPort == apiPort || serverPort == statsPort)) {
                problems.add(where + ": k3s.serverApiPort: " + serverPort + " collides with the load balancer on host '"
                        + h.name() + "' (lb and server); use 7443 for servers when a host has both roles");
            }
        }
        if (!problems.isEmpty()) {
            throw new InputException(problems);
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
