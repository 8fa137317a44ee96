package org.gardenos.k3s;

import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.gardenos.error.InputException;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.lb.ApiServerBackend;
import org.gardenos.lb.LoadBalancedBackends;
import org.gardenos.lb.settings.LoadBalancerSection;
import org.gardenos.lb.settings.LoadBalancerSettings;
import org.gardenos.k3s.settings.K3sSection;
import org.gardenos.k3s.settings.K3sSettings;

/** What the lb layer balances: every K3s server on {@code k3s.serverApiPort}. Bound by {@link K3sModule}. */
public final class K3sApiBackends implements LoadBalancedBackends {
    @Inject
    public K3sApiBackends() {
    }

    @Override
    public List<ApiServerBackend> backends(Inventory inventory) {
        LoadBalancerSettings lb = inventory.section(LoadBalancerSettings.class);
        int serverPort = inventory.section(K3sSettings.class).serverApiPort();
        String where = inventory.file() == null ? "inventory" : inventory.file().toString();
        List<String> problems = new ArrayList<>();
        List<HostSpec> servers = inventory.hostsWith(K3sSection.SERVER);
        if (servers.isEmpty()) {
            problems.add(where + ": hosts: no host has role 'server'; the load balancer needs at least one K3s server");
        }
        for (HostSpec h : inventory.hosts()) {
            if (h.has(LoadBalancerSection.ROLE) && h.has(K3sSection.SERVER)
                    && (serverPort == lb.apiPort() || serverPort == lb.statsPort())) {
                problems.add(where + ": k3s.serverApiPort: " + serverPort + " collides with the load balancer on host '"
                        + h.name() + "' (lb and server); use 7443 for servers when a host has both roles");
            }
        }
        if (!problems.isEmpty()) {
            throw new InputException(problems);
        }
        return servers.stream().map(h -> new ApiServerBackend(h.name(), h.address(), serverPort)).toList();
    }
}
