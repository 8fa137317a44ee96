package org.gardenos.lb;

import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.gardenos.engine.Layer;
import org.gardenos.engine.Play;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.remote.RemoteHostConnector;
import org.gardenos.resources.AptPackages;
import org.gardenos.secret.NewSecretGuard;
import org.gardenos.secret.SecretBacked;
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
    private final java.util.Optional<RemoteHostConnector> connector;

    /** Without a connector (plays listed in tests): no guard against a new stats password for configured hosts. */
    public LoadBalancerLayer(LoadBalancedBackends backends) {
        this(backends, Set.of(), java.util.Optional.empty());
    }

    /** The other services (e.g. PostgreSQL) come from other layers' modules; their sections follow the API's. */
    @Inject
    public LoadBalancerLayer(LoadBalancedBackends backends, Set<LoadBalancedService> services,
                             RemoteHostConnector connector) {
        this(backends, services, java.util.Optional.of(connector));
    }

    private LoadBalancerLayer(LoadBalancedBackends backends, Set<LoadBalancedService> services,
                              java.util.Optional<RemoteHostConnector> connector) {
        this.backends = backends;
        this.services = List.copyOf(services);
        this.connector = connector;
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
        // one guard per run: a wrong --state-dir must not replace the password the lb hosts already use
        java.util.Optional<NewSecretGuard> guard = connector.map(c -> NewSecretGuard.fileContaining(
                "HAProxy stats password", StatsPassword.STATE_FILE, HaproxyConfigFile.PATH, "Managed by GardenOS", lbs, c));
        return List.of(new Play("lb-haproxy", lbs, h -> {
            List<Resource> r = new ArrayList<>();
            guard.ifPresent(g -> r.add(g.resource()));
            r.add(new AptPackages(List.of("haproxy")));
            r.add(new SecretBacked(StatsPassword.STATE_FILE, new HaproxyConfigFile(this::render)));
            r.add(new ServiceRunning("haproxy.service"));
            return r;
        }, Play.Strategy.ONE_AT_A_TIME));
    }

    String render(Target target) {
        Inventory inventory = target.inventory();
        String password = StatsPassword.loadOrCreate(target.state());
        HaproxyConfig config = HaproxyConfig.forInventory(inventory, backends.backends(inventory),
                target.host().address(), StatsPasswordHash.loadOrCreate(target.state(), password));
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
