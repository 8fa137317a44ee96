package org.gardenos.k3s;

import java.util.List;
import org.gardenos.error.InputException;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.lb.settings.LoadBalancerSection;
import org.gardenos.lb.settings.LoadBalancerSettings;
import org.gardenos.k3s.settings.K3sSection;
import org.gardenos.k3s.settings.K3sSettings;

/**
 * The address everyone outside the control plane uses for the Kubernetes API: the first load balancer host on
 * {@code loadBalancer.apiPort}. Without a load balancer (a single-server setup) it is the first server on
 * {@code k3s.serverApiPort}.
 */
public record ApiEndpoint(String host, int port) {
    public static ApiEndpoint of(Inventory inventory) {
        List<HostSpec> lbs = inventory.hostsWith(LoadBalancerSection.ROLE);
        if (!lbs.isEmpty()) {
            return new ApiEndpoint(lbs.get(0).address(), inventory.section(LoadBalancerSettings.class).apiPort());
        }
        List<HostSpec> servers = inventory.hostsWith(K3sSection.SERVER);
        if (servers.isEmpty()) {
            throw new InputException((inventory.file() == null ? "inventory" : inventory.file().toString())
                    + ": hosts: no host has role 'server' or 'lb'; there is no Kubernetes API to reach");
        }
        return new ApiEndpoint(servers.get(0).address(), inventory.section(K3sSettings.class).serverApiPort());
    }

    public String url() {
        return "https://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
