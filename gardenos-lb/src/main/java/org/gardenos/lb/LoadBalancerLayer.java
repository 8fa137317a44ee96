package org.gardenos.lb;

import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import org.gardenos.engine.Layer;
import org.gardenos.engine.Play;
import org.gardenos.engine.Target;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.resources.AptPackages;
import org.gardenos.resources.ServiceRunning;
import org.gardenos.lb.settings.LoadBalancerSection;

/**
 * The {@code lb} layer: HAProxy in front of the Kubernetes API on every host with role {@code lb}. Per host, one
 * at a time (so with several load balancers one always serves): the {@code haproxy} package (apt, only when
 * missing), the checked configuration ({@link HaproxyConfigFile}: validated on the host before it replaces the
 * old one, then a graceful reload) and the service enabled and running.
 */
public final class LoadBalancerLayer implements Layer {
    public static final String NAME = "lb";

    private final LoadBalancedBackends backends;
    private final List<LoadBalancedService> services;

    public LoadBalancerLayer(LoadBalancedBackends backends) {
        this(backends, Set.of());
    }

    /** The other services (e.g. PostgreSQL) come from other layers' modules; their sections follow the API's. */
    @Inject
    public LoadBalancerLayer(LoadBalancedBackends backends, Set<LoadBalancedService> services) {
        this.backends = backends;
        this.services = List.copyOf(services);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> dependsOn() {
        return Set.of("base");
    }

    @Override
    public List<Play> plays(Inventory inventory) {
        List<HostSpec> lbs = inventory.hostsWith(LoadBalancerSection.ROLE);
        if (lbs.isEmpty()) {
            return List.of();
        }
        // model errors (no server, port clashes) surface before any host is touched
        backends.backends(inventory);
        HaproxyConfig.validate(inventory);
        return List.of(new Play("lb-haproxy", lbs, h -> List.of(
                new AptPackages(List.of("haproxy")),
                new HaproxyConfigFile(this::render),
                new ServiceRunning("haproxy.service")), Play.Strategy.ONE_AT_A_TIME));
    }

    String render(Target target) {
        Inventory inventory = target.inventory();
        HaproxyConfig config = HaproxyConfig.forInventory(inventory, backends.backends(inventory),
                StatsPassword.loadOrCreate(target.state()));
        StringBuilder cfg = new StringBuilder(config.render());
        for (LoadBalancedService service : services) {
            String sections = service.haproxySections(inventory, config.bindAddress());
            if (!sections.isEmpty()) {
                cfg.append('\n').append(sections);
            }
        }
        return cfg.toString();
    }
}
